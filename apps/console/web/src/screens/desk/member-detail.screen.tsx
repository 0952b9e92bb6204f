import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { may, StaffPermission } from '../../access/permissions';
import { dataOrThrow } from '../../api/problems';
import { useApi, useStaff } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { Loading, ProblemNotice } from '../../ui/feedback';
import { useStores } from '../admin/use-stores';
import { MemberActions } from './member-actions';
import { MemberCards } from './member-cards';
import { MemberHistory } from './member-history';
import { MemberPoints } from './member-points';
import { MemberValue } from './member-value';

export const memberQueryKey = (memberId: string) => ['member', memberId] as const;

/** Everything the desk knows of one member, and what the caller's role may do for them. */
export function MemberDetailScreen() {
  const { memberId } = useParams({ from: '/desk/members/$memberId' });
  const api = useApi();
  const staff = useStaff();
  const { t, date } = useFormats();
  const member = useQuery({
    queryKey: memberQueryKey(memberId),
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await api.cards.GET('/v1/members/{memberId}', {
          params: { path: { memberId } },
          signal,
        }),
      ),
  });
  const stores = useStores();

  if (member.isPending) return <Loading />;
  if (member.isError) return <ProblemNotice error={member.error} />;
  const profile = member.data;
  const store = stores.data?.find((candidate) => candidate.id === profile.enrolledStoreId);

  return (
    <article aria-labelledby="member-title" className="member">
      <div className="page-header">
        <h1 id="member-title">{profile.name ?? t('member.noName')}</h1>
        {profile.tier && <span className="badge badge--tier">{profile.tier}</span>}
      </div>
      <section aria-labelledby="profile-title" className="panel">
        <h2 id="profile-title">{t('member.profile')}</h2>
        <dl className="facts">
          <dt>{t('member.email')}</dt>
          <dd>{profile.email ?? '—'}</dd>
          <dt>{t('member.phone')}</dt>
          <dd>{profile.phone ?? '—'}</dd>
          <dt>{t('member.enrolledAt')}</dt>
          <dd>{date(profile.enrolledAt)}</dd>
          <dt>{t('member.store')}</dt>
          <dd>{store ? `${store.name} (${store.code})` : '—'}</dd>
          <dt>{t('enrol.channel')}</dt>
          <dd>
            {t(`channel.${profile.acquisitionChannel}`)}
            {profile.acquisitionCampaign && ` · ${profile.acquisitionCampaign}`}
          </dd>
          <dt>{t('enrol.marketingConsent')}</dt>
          <dd>{profile.marketingConsent ? t('common.yes') : t('common.no')}</dd>
        </dl>
      </section>
      <div className="member__grid">
        <MemberPoints memberId={memberId} />
        {may(staff, StaffPermission.ReadMemberValue) && <MemberValue memberId={memberId} />}
      </div>
      <MemberCards memberId={memberId} />
      {may(staff, StaffPermission.ReadPoints) && <MemberHistory memberId={memberId} />}
      <MemberActions member={profile} />
    </article>
  );
}
