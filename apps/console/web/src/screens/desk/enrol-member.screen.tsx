import type { CardIssuanceSchemas } from '@loyalty/api-client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { may, StaffPermission } from '../../access/permissions';
import { dataOrThrow, fieldProblems, problemOf } from '../../api/problems';
import { useApi, useStaff } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { ProblemNotice } from '../../ui/feedback';
import { CheckboxField, SelectField, TextField } from '../../ui/fields';
import { useIdempotencyKey } from '../../ui/use-idempotency-key';
import { useStores } from '../admin/use-stores';

type EnrolRequest = CardIssuanceSchemas['schemas']['EnrolMemberRequest'];
type Channel = EnrolRequest['acquisitionChannel'];

export const ACQUISITION_CHANNELS: readonly Channel[] = [
  'store',
  'web',
  'app',
  'referral',
  'partner',
  'paid_social',
  'paid_search',
  'email',
  'other',
];

/** Enrolment at the desk: the member's details, how they came, and their first card. */
export function EnrolMemberScreen() {
  const api = useApi();
  const staff = useStaff();
  const { t } = useFormats();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const [form, setForm] = useState({
    name: '',
    email: '',
    phone: '',
    storeId: '',
    acquisitionChannel: 'store' as Channel,
    acquisitionCampaignId: '',
    referralCode: '',
    marketingConsent: false,
    cardKind: 'virtual' as 'virtual' | 'physical',
    cardNumber: '',
  });
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) =>
    setForm((current) => ({ ...current, [key]: value }));

  const everyStore = staff.storeId === null;
  const stores = useStores();
  const campaigns = useQuery({
    queryKey: ['acquisition-campaigns'],
    queryFn: async () => dataOrThrow(await api.cards.GET('/v1/acquisition-campaigns')),
    enabled: may(staff, StaffPermission.ReadAcquisitionCampaigns),
  });
  const runningCampaigns = (campaigns.data?.items ?? []).filter(
    (campaign) =>
      campaign.channel === form.acquisitionChannel &&
      campaign.endsOn >= new Date().toISOString().slice(0, 10),
  );

  const enrol = useMutation({
    // The form's values travel with the call: a click can come before the mutation's options
    // catch up with the latest render, and must never send what was typed before.
    mutationFn: async (values: typeof form) => {
      const body: EnrolRequest = {
        acquisitionChannel: values.acquisitionChannel,
        marketingConsent: values.marketingConsent,
        card:
          values.cardKind === 'physical'
            ? { kind: 'physical', number: values.cardNumber.replaceAll(/\s/g, '') }
            : { kind: 'virtual' },
        ...(values.name.trim() ? { name: values.name.trim() } : {}),
        ...(values.email.trim() ? { email: values.email.trim() } : {}),
        ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
        ...(values.storeId ? { storeId: values.storeId } : {}),
        ...(values.acquisitionCampaignId
          ? { acquisitionCampaignId: values.acquisitionCampaignId }
          : {}),
        ...(values.referralCode.trim() ? { referralCode: values.referralCode.trim() } : {}),
      };
      return dataOrThrow(
        await api.cards.POST('/v1/members', {
          params: { header: idempotency.header(body) },
          body,
        }),
      );
    },
    onSuccess: async (enrolment) => {
      idempotency.renew();
      await queryClient.invalidateQueries({ queryKey: ['members'] });
      await navigate({
        to: '/desk/members/$memberId',
        params: { memberId: enrolment.member.id },
      });
    },
  });
  const problem = problemOf(enrol.error);
  const fields = fieldProblems(problem);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    enrol.mutate(form);
  };

  return (
    <section aria-labelledby="enrol-title">
      <h1 id="enrol-title">{t('enrol.title')}</h1>
      <form className="form form--wide" onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('enrol.who')}</legend>
          <TextField
            label={t('member.name')}
            name="name"
            autoComplete="off"
            value={form.name}
            error={fields.name}
            onChange={(event) => set('name', event.target.value)}
          />
          <TextField
            label={t('member.email')}
            name="email"
            type="email"
            autoComplete="off"
            value={form.email}
            error={fields.email}
            onChange={(event) => set('email', event.target.value)}
          />
          <TextField
            label={t('member.phone')}
            name="phone"
            type="tel"
            autoComplete="off"
            hint={t('enrol.phoneHint')}
            value={form.phone}
            error={fields.phone}
            onChange={(event) => set('phone', event.target.value)}
          />
          <CheckboxField
            label={t('enrol.marketingConsent')}
            name="marketingConsent"
            checked={form.marketingConsent}
            error={fields.marketingConsent}
            onChange={(event) => set('marketingConsent', event.target.checked)}
          />
        </fieldset>
        <fieldset>
          <legend>{t('enrol.how')}</legend>
          {everyStore && (
            <SelectField
              label={t('enrol.store')}
              name="storeId"
              value={form.storeId}
              error={fields.storeId}
              options={[
                { value: '', label: t('enrol.chooseStore') },
                ...(everyStore ? (stores.data ?? []) : []).map((store) => ({
                  value: store.id,
                  label: `${store.name} (${store.code})`,
                })),
              ]}
              onChange={(event) => set('storeId', event.target.value)}
            />
          )}
          <SelectField
            label={t('enrol.channel')}
            name="acquisitionChannel"
            value={form.acquisitionChannel}
            error={fields.acquisitionChannel}
            options={ACQUISITION_CHANNELS.map((channel) => ({
              value: channel,
              label: t(`channel.${channel}`),
            }))}
            onChange={(event) => {
              set('acquisitionChannel', event.target.value as Channel);
              set('acquisitionCampaignId', '');
            }}
          />
          {runningCampaigns.length > 0 && (
            <SelectField
              label={t('enrol.campaign')}
              name="acquisitionCampaignId"
              value={form.acquisitionCampaignId}
              error={fields.acquisitionCampaignId}
              options={[
                { value: '', label: t('enrol.noCampaign') },
                ...runningCampaigns.map((campaign) => ({
                  value: campaign.id,
                  label: campaign.name,
                })),
              ]}
              onChange={(event) => set('acquisitionCampaignId', event.target.value)}
            />
          )}
          <TextField
            label={t('enrol.referralCode')}
            name="referralCode"
            autoComplete="off"
            value={form.referralCode}
            error={fields.referralCode}
            onChange={(event) => set('referralCode', event.target.value)}
          />
        </fieldset>
        <fieldset>
          <legend>{t('enrol.card')}</legend>
          <SelectField
            label={t('card.kind')}
            name="cardKind"
            value={form.cardKind}
            error={fields['card.kind']}
            options={[
              { value: 'virtual', label: t('card.kind.virtual') },
              { value: 'physical', label: t('card.kind.physical') },
            ]}
            onChange={(event) => set('cardKind', event.target.value as 'virtual' | 'physical')}
          />
          {form.cardKind === 'physical' && (
            <TextField
              label={t('card.numberFromStock')}
              name="cardNumber"
              inputMode="numeric"
              autoComplete="off"
              value={form.cardNumber}
              error={fields['card.number'] ?? fields.card}
              onChange={(event) => set('cardNumber', event.target.value)}
            />
          )}
        </fieldset>
        {problem && <ProblemNotice problem={problem} />}
        {enrol.isError && !problem && <ProblemNotice error={enrol.error} />}
        <button type="submit" className="button button--primary" disabled={enrol.isPending}>
          {enrol.isPending ? t('common.saving') : t('enrol.submit')}
        </button>
      </form>
    </section>
  );
}
