import type { CardIssuanceSchemas } from '@loyalty/api-client';
import { QueryView } from '../../ui/query-view';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { may, StaffPermission } from '../../access/permissions';
import { dataOrThrow, fieldProblems, problemOf } from '../../api/problems';
import { useApi, useProgram, useStaff } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { ProblemNotice } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/fields';
import { useIdempotencyKey } from '../../ui/use-idempotency-key';
import { ACQUISITION_CHANNELS } from '../desk/enrol-member.screen';

type Channel = CardIssuanceSchemas['schemas']['CreateAcquisitionCampaignRequest']['channel'];

/**
 * Campaigns: acquisition campaigns (what each member they brought cost) kept by marketing, and
 * the earning rules' bonus campaigns with their budgets spent and left.
 */
export function CampaignsScreen() {
  const api = useApi();
  const staff = useStaff();
  const f = useFormats();
  const { t } = f;
  const acquisition = useQuery({
    queryKey: ['acquisition-campaigns'],
    queryFn: async ({ signal }) =>
      dataOrThrow(await api.cards.GET('/v1/acquisition-campaigns', { signal })),
  });
  const bonus = useQuery({
    queryKey: ['bonus-campaigns'],
    queryFn: async ({ signal }) => dataOrThrow(await api.ledger.GET('/v1/campaigns', { signal })),
  });

  return (
    <section aria-labelledby="campaigns-title">
      <h1 id="campaigns-title">{t('campaigns.title')}</h1>
      {may(staff, StaffPermission.ManageAcquisitionCampaigns) && <CreateCampaignForm />}
      <section aria-labelledby="acquisition-list" className="panel">
        <h2 id="acquisition-list">{t('campaigns.acquisition')}</h2>
        <QueryView
          query={acquisition}
          isEmpty={(data) => data.items.length === 0}
          empty={t('campaigns.none')}
        >
          {(data) => (
            <table className="table">
              <caption className="visually-hidden">{t('campaigns.acquisition')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('rewards.name')}</th>
                  <th scope="col">{t('enrol.channel')}</th>
                  <th scope="col">{t('campaigns.runs')}</th>
                  <th scope="col" className="numeric">
                    {t('campaigns.spend')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('campaigns.acquired')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('dashboard.acquisition.cac')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((campaign) => (
                  <tr key={campaign.id}>
                    <td>{campaign.name}</td>
                    <td>{t(`channel.${campaign.channel}`)}</td>
                    <td>
                      {f.date(campaign.startsOn)} – {f.date(campaign.endsOn)}
                    </td>
                    <td className="numeric">
                      {f.money(campaign.spend.amountMinor, campaign.spend.currency)}
                    </td>
                    <td className="numeric">{f.number(campaign.membersAcquired)}</td>
                    <td className="numeric">
                      {campaign.acquisitionCostPerMemberMinor === null
                        ? '—'
                        : f.money(campaign.acquisitionCostPerMemberMinor)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </section>
      <section aria-labelledby="bonus-list" className="panel">
        <h2 id="bonus-list">{t('campaigns.bonus')}</h2>
        <QueryView
          query={bonus}
          isEmpty={(data) => data.items.length === 0}
          empty={t('campaigns.noBonus')}
        >
          {(data) => (
            <table className="table">
              <caption className="visually-hidden">{t('campaigns.bonus')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('rewards.code')}</th>
                  <th scope="col">{t('campaigns.runs')}</th>
                  <th scope="col" className="numeric">
                    {t('rules.budget')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('campaigns.spent')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('campaigns.left')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('campaigns.purchases')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((campaign) => (
                  <tr key={campaign.code}>
                    <td>
                      <code>{campaign.code}</code>
                    </td>
                    <td>
                      {f.dateTime(campaign.startsAt)} – {f.dateTime(campaign.endsAt)}
                    </td>
                    <td className="numeric">
                      {campaign.budgetPoints === null ? '∞' : f.number(campaign.budgetPoints)}
                    </td>
                    <td className="numeric">{f.number(campaign.spentPoints)}</td>
                    <td className="numeric">
                      {campaign.leftPoints === null ? '∞' : f.number(campaign.leftPoints)}
                    </td>
                    <td className="numeric">{f.number(campaign.purchases)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </section>
    </section>
  );
}

function CreateCampaignForm() {
  const api = useApi();
  const program = useProgram();
  const f = useFormats();
  const { t } = f;
  const queryClient = useQueryClient();
  const idempotency = useIdempotencyKey();
  const today = new Date().toISOString().slice(0, 10);
  const empty = {
    name: '',
    channel: 'paid_social' as Channel,
    startsOn: today,
    endsOn: today,
    spend: '',
  };
  const [form, setForm] = useState(empty);
  const create = useMutation({
    mutationFn: async (values: typeof form) => {
      const body = {
        name: values.name.trim(),
        channel: values.channel,
        startsOn: values.startsOn,
        endsOn: values.endsOn,
        spendMinor: f.minor(values.spend.trim() === '' ? Number.NaN : Number(values.spend)),
      };
      return dataOrThrow(
        await api.cards.POST('/v1/acquisition-campaigns', {
          params: { header: idempotency.header(body) },
          body,
        }),
      );
    },
    onSuccess: async () => {
      idempotency.renew();
      setForm(empty);
      await queryClient.invalidateQueries({ queryKey: ['acquisition-campaigns'] });
    },
  });
  const fields = fieldProblems(problemOf(create.error));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form);
  };
  return (
    <section aria-labelledby="campaign-create" className="panel">
      <h2 id="campaign-create">{t('campaigns.create')}</h2>
      <form className="form form--inline" onSubmit={submit} noValidate>
        <TextField
          label={t('rewards.name')}
          value={form.name}
          error={fields.name}
          onChange={(event) => setForm({ ...form, name: event.target.value })}
        />
        <SelectField
          label={t('enrol.channel')}
          value={form.channel}
          error={fields.channel}
          options={ACQUISITION_CHANNELS.map((channel) => ({
            value: channel,
            label: t(`channel.${channel}`),
          }))}
          onChange={(event) => setForm({ ...form, channel: event.target.value as Channel })}
        />
        <TextField
          label={t('campaigns.startsOn')}
          type="date"
          value={form.startsOn}
          error={fields.startsOn}
          onChange={(event) => setForm({ ...form, startsOn: event.target.value })}
        />
        <TextField
          label={t('campaigns.endsOn')}
          type="date"
          value={form.endsOn}
          error={fields.endsOn}
          onChange={(event) => setForm({ ...form, endsOn: event.target.value })}
        />
        <TextField
          label={t('campaigns.spendSoFar', { currency: program.currency })}
          type="number"
          value={form.spend}
          error={fields.spendMinor}
          onChange={(event) => setForm({ ...form, spend: event.target.value })}
        />
        {create.isError && <ProblemNotice error={create.error} />}
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {t('campaigns.create')}
        </button>
      </form>
    </section>
  );
}
