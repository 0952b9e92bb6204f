import { QueryView } from '../../ui/query-view';
import { useQuery } from '@tanstack/react-query';
import { dataOrThrow } from '../../api/problems';
import { useApi } from '../../console-context';
import { useFormats } from '../../i18n/i18n';

export const balanceQueryKey = (memberId: string) => ['member', memberId, 'balance'] as const;

/** The member's points: spendable, pending, held, and what expires when. */
export function MemberPoints({ memberId }: { memberId: string }) {
  const api = useApi();
  const { t, number, date } = useFormats();
  const balance = useQuery({
    queryKey: balanceQueryKey(memberId),
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await api.ledger.GET('/v1/members/{memberId}/balance', {
          params: { path: { memberId } },
          signal,
        }),
      ),
  });
  const lots = useQuery({
    queryKey: ['member', memberId, 'lots'],
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await api.ledger.GET('/v1/members/{memberId}/lots', {
          params: { path: { memberId } },
          signal,
        }),
      ),
  });

  return (
    <section aria-labelledby="points-title" className="panel">
      <h2 id="points-title">{t('points.title')}</h2>
      <QueryView query={balance}>
        {(data) => (
          <>
            <p className="figure">
              <span className="figure__value" data-testid="available-points">
                {number(data.available)}
              </span>
              <span className="figure__label">{t('points.available')}</span>
            </p>
            <dl className="facts facts--compact">
              <dt>{t('points.pending')}</dt>
              <dd>{number(data.pending)}</dd>
              <dt>{t('points.held')}</dt>
              <dd>{number(data.held)}</dd>
              <dt>{t('points.lifetimeEarned')}</dt>
              <dd>{number(data.lifetimeEarned)}</dd>
              <dt>{t('points.lifetimeRedeemed')}</dt>
              <dd>{number(data.lifetimeRedeemed)}</dd>
            </dl>
          </>
        )}
      </QueryView>
      <h3>{t('points.lots')}</h3>
      <QueryView
        query={lots}
        isEmpty={(data) => data.items.length === 0}
        empty={t('points.noLots')}
      >
        {(data) => (
          <table className="table table--compact">
            <caption className="visually-hidden">{t('points.lots')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('points.expiresOn')}</th>
                <th scope="col" className="numeric">
                  {t('points.available')}
                </th>
                <th scope="col" className="numeric">
                  {t('points.pending')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((lot) => (
                <tr key={lot.expiresAt ?? 'never'}>
                  <td>{lot.expiresAt ? date(lot.expiresAt) : t('points.neverExpires')}</td>
                  <td className="numeric">{number(lot.availablePoints)}</td>
                  <td className="numeric">
                    {number(lot.pendingPoints)}
                    {lot.pendingUntil && (
                      <span className="muted">
                        {' '}
                        {t('points.until', { date: date(lot.pendingUntil) })}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </section>
  );
}
