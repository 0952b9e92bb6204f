import type { LedgerSchemas } from '@loyalty/api-client';
import { QueryView } from '../../ui/query-view';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { dataOrThrow, fieldProblems, problemOf } from '../../api/problems';
import { may, StaffPermission } from '../../access/permissions';
import { useApi, useProgram, useStaff } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { ProblemNotice } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/fields';

type Reward = LedgerSchemas['schemas']['RewardResponse'];
type BenefitKind = LedgerSchemas['schemas']['RewardBenefitRequest']['kind'];

const numberOf = (value: string): number =>
  value.trim() === '' ? Number.NaN : Number(value.replace(',', '.'));

/** The rewards catalog: every reward in force, adding one, and withdrawing or restoring one. */
export function RewardsScreen() {
  const api = useApi();
  const staff = useStaff();
  const f = useFormats();
  const { t } = f;
  const queryClient = useQueryClient();
  const rewards = useQuery({
    queryKey: ['rewards-catalog'],
    queryFn: async ({ signal }) =>
      dataOrThrow(await api.ledger.GET('/v1/rewards-catalog', { signal })),
  });
  // A new version of the terms with `active` flipped: the catalog keeps every version.
  const toggle = useMutation({
    mutationFn: async (reward: Reward) => {
      const {
        rewardId,
        code: _code,
        version: _version,
        stockClaimed,
        stockLeft,
        ...terms
      } = reward;
      void stockClaimed;
      void stockLeft;
      return dataOrThrow(
        await api.ledger.PUT('/v1/rewards-catalog/{rewardId}', {
          params: { path: { rewardId } },
          body: {
            ...terms,
            active: !reward.active,
          } as LedgerSchemas['schemas']['RewardTermsRequest'],
        }),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['rewards-catalog'] }),
  });
  const manage = may(staff, StaffPermission.ManageRewardsCatalog);

  return (
    <section aria-labelledby="rewards-title">
      <h1 id="rewards-title">{t('rewards.title')}</h1>
      {manage && <CreateRewardForm />}
      <section aria-labelledby="rewards-list" className="panel">
        <h2 id="rewards-list">{t('rewards.list')}</h2>
        {toggle.isError && <ProblemNotice error={toggle.error} />}
        <QueryView
          query={rewards}
          isEmpty={(data) => data.items.length === 0}
          empty={t('rewards.none')}
        >
          {(data) => (
            <table className="table">
              <caption className="visually-hidden">{t('rewards.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('rewards.code')}</th>
                  <th scope="col">{t('rewards.name')}</th>
                  <th scope="col" className="numeric">
                    {t('rewards.cost')}
                  </th>
                  <th scope="col">{t('rewards.benefit')}</th>
                  <th scope="col" className="numeric">
                    {t('rewards.stockLeft')}
                  </th>
                  <th scope="col">{t('posKeys.state')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((reward) => (
                  <tr key={reward.rewardId}>
                    <td>
                      <code>{reward.code}</code> v{reward.version}
                    </td>
                    <td>{reward.name}</td>
                    <td className="numeric">{f.number(reward.costPoints)}</td>
                    <td>
                      {t(`rewards.benefit.${reward.benefit.kind}`)}
                      {reward.benefit.amountMinor ? ` ${f.money(reward.benefit.amountMinor)}` : ''}
                      {reward.benefit.percent ? ` ${reward.benefit.percent} %` : ''}
                      {reward.benefit.sku ? ` ${reward.benefit.sku}` : ''}
                    </td>
                    <td className="numeric">
                      {reward.stockLeft === null ? '∞' : f.number(reward.stockLeft)}
                    </td>
                    <td>
                      {manage ? (
                        <button
                          type="button"
                          className={reward.active ? 'button button--danger' : 'button'}
                          disabled={toggle.isPending}
                          onClick={() => toggle.mutate(reward)}
                        >
                          {reward.active
                            ? t('rewards.withdraw', { code: reward.code })
                            : t('rewards.restore', { code: reward.code })}
                        </button>
                      ) : reward.active ? (
                        t('rewards.active')
                      ) : (
                        t('rewards.withdrawn')
                      )}
                    </td>
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

function CreateRewardForm() {
  const api = useApi();
  const program = useProgram();
  const f = useFormats();
  const { t } = f;
  const queryClient = useQueryClient();
  const empty = {
    code: '',
    name: '',
    description: '',
    costPoints: '100',
    kind: 'amount_off' as BenefitKind,
    value: '5',
    sku: '',
    voucherValidDays: '30',
    stock: '',
  };
  const [form, setForm] = useState(empty);
  const create = useMutation({
    mutationFn: async (values: typeof form) => {
      const benefit =
        values.kind === 'percent_off'
          ? { kind: values.kind, percent: numberOf(values.value) }
          : values.kind === 'free_item'
            ? { kind: values.kind, sku: values.sku.trim() }
            : { kind: values.kind, amountMinor: f.minor(numberOf(values.value)) };
      const body = {
        code: values.code.trim(),
        name: values.name.trim(),
        ...(values.description.trim() ? { description: values.description.trim() } : {}),
        costPoints: numberOf(values.costPoints),
        benefit,
        voucherValidDays: numberOf(values.voucherValidDays),
        ...(values.stock.trim() ? { stock: numberOf(values.stock) } : {}),
      };
      return dataOrThrow(await api.ledger.POST('/v1/rewards-catalog', { body }));
    },
    onSuccess: async () => {
      setForm(empty);
      await queryClient.invalidateQueries({ queryKey: ['rewards-catalog'] });
    },
  });
  const fields = fieldProblems(problemOf(create.error));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form);
  };
  const set = (key: keyof typeof form, value: string) => setForm({ ...form, [key]: value });
  return (
    <section aria-labelledby="reward-create" className="panel">
      <h2 id="reward-create">{t('rewards.create')}</h2>
      <form className="form form--inline" onSubmit={submit} noValidate>
        <TextField
          label={t('rewards.code')}
          value={form.code}
          error={fields.code}
          onChange={(event) => set('code', event.target.value)}
        />
        <TextField
          label={t('rewards.name')}
          value={form.name}
          error={fields.name}
          onChange={(event) => set('name', event.target.value)}
        />
        <TextField
          label={t('rewards.description')}
          value={form.description}
          error={fields.description}
          onChange={(event) => set('description', event.target.value)}
        />
        <TextField
          label={t('rewards.cost')}
          type="number"
          value={form.costPoints}
          error={fields.costPoints}
          onChange={(event) => set('costPoints', event.target.value)}
        />
        <SelectField
          label={t('rewards.benefit')}
          value={form.kind}
          error={fields['benefit.kind']}
          options={(['amount_off', 'percent_off', 'free_item', 'gift_card'] as const).map(
            (kind) => ({ value: kind, label: t(`rewards.benefit.${kind}`) }),
          )}
          onChange={(event) => set('kind', event.target.value)}
        />
        {form.kind === 'free_item' ? (
          <TextField
            label={t('rewards.sku')}
            value={form.sku}
            error={fields['benefit.sku']}
            onChange={(event) => set('sku', event.target.value)}
          />
        ) : (
          <TextField
            label={
              form.kind === 'percent_off'
                ? t('rewards.percent')
                : t('rewards.amount', { currency: program.currency })
            }
            type="number"
            value={form.value}
            error={fields['benefit.percent'] ?? fields['benefit.amountMinor']}
            onChange={(event) => set('value', event.target.value)}
          />
        )}
        <TextField
          label={t('rewards.validDays')}
          type="number"
          value={form.voucherValidDays}
          error={fields.voucherValidDays}
          onChange={(event) => set('voucherValidDays', event.target.value)}
        />
        <TextField
          label={t('rewards.stock')}
          hint={t('rewards.stockHint')}
          type="number"
          value={form.stock}
          error={fields.stock}
          onChange={(event) => set('stock', event.target.value)}
        />
        {create.isError && <ProblemNotice error={create.error} />}
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {t('rewards.create')}
        </button>
      </form>
    </section>
  );
}
