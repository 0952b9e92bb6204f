import type { LedgerSchemas } from '@loyalty/api-client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { dataOrThrow, fieldProblems, problemOf } from '../../api/problems';
import { useApi, useProgram } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { CheckboxField, SelectField, TextField } from '../../ui/fields';
import { Loading, Notice, ProblemNotice } from '../../ui/feedback';
import { useDebounced } from '../../ui/use-debounced';

type Policy = LedgerSchemas['schemas']['ValuePolicyRequest'];
type Tier = LedgerSchemas['schemas']['TierRequest'];

const DEFAULT_POLICY: Policy = {
  tierBasis: 'clv',
  tiers: [{ name: 'member', earningMultiplierBp: 10_000, upgradeRewardPoints: 0 }],
  downgradeGraceDays: 60,
  horizonMonths: 12,
  annualDiscountRate: 0.1,
  margin: 0.3,
  costToServePerPurchaseMinor: 0,
  minHistoryDays: 30,
  winBack: null,
};

const numberOf = (value: string): number =>
  value.trim() === '' ? Number.NaN : Number(value.replace(',', '.'));

/**
 * The value policy: tiers and the CLV assumptions. Before publishing, the editor shows how many
 * members the draft would move between tiers, and which way; publishing a draft that moves
 * anyone asks the admin to say they have seen it.
 */
export function ValuePolicyScreen() {
  const api = useApi();
  const program = useProgram();
  const f = useFormats();
  const { t } = f;
  const queryClient = useQueryClient();
  const versions = useQuery({
    queryKey: ['value-policies'],
    queryFn: async ({ signal }) =>
      dataOrThrow(await api.ledger.GET('/v1/value-policies', { signal })),
  });
  const [policy, setPolicy] = useState<Policy | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  useEffect(() => {
    if (policy || !versions.data) return;
    const latest = versions.data.items[0]?.policy;
    setPolicy(latest ? { ...DEFAULT_POLICY, ...latest } : DEFAULT_POLICY);
  }, [versions.data, policy]);
  const draft = useDebounced(policy);
  const preview = useQuery({
    queryKey: ['value-policy-preview', draft],
    queryFn: async ({ signal }) =>
      dataOrThrow(await api.ledger.POST('/v1/value-policies/preview', { body: draft!, signal })),
    enabled: draft !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const publish = useMutation({
    mutationFn: async (body: Policy) =>
      dataOrThrow(await api.ledger.POST('/v1/value-policies', { body })),
    onSuccess: async () => {
      setAcknowledged(false);
      await queryClient.invalidateQueries({ queryKey: ['value-policies'] });
      await queryClient.invalidateQueries({ queryKey: ['value-policy-preview'] });
    },
  });
  useEffect(() => setAcknowledged(false), [draft]);

  if (versions.isPending || !policy) return <Loading />;
  if (versions.isError) return <ProblemNotice error={versions.error} />;
  const previewProblem = problemOf(preview.error);
  const fields = { ...fieldProblems(previewProblem), ...fieldProblems(problemOf(publish.error)) };
  const set = <K extends keyof Policy>(key: K, value: Policy[K]) =>
    setPolicy((current) => (current ? { ...current, [key]: value } : current));
  const setTier = (index: number, change: Partial<Tier>) =>
    set(
      'tiers',
      policy.tiers.map((tier, at) => (at === index ? { ...tier, ...change } : tier)),
    );
  const moves = preview.data;
  const moving = moves ? moves.upgrades + moves.downgrades + moves.otherMoves : 0;
  const blocked = moving > 0 && !acknowledged;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!blocked) publish.mutate(policy);
  };
  const threshold = policy.tierBasis === 'clv' ? 'minClvMinor' : 'minPercentile';

  return (
    <section aria-labelledby="policy-title">
      <h1 id="policy-title">{t('policy.title')}</h1>
      <div className="editor">
        <form className="form form--wide" onSubmit={submit} noValidate>
          <fieldset>
            <legend>{t('policy.tiers')}</legend>
            <SelectField
              label={t('policy.basis')}
              value={policy.tierBasis}
              error={fields.tierBasis}
              options={[
                { value: 'clv', label: t('policy.basis.clv', { currency: program.currency }) },
                { value: 'percentile', label: t('policy.basis.percentile') },
              ]}
              onChange={(event) => set('tierBasis', event.target.value as Policy['tierBasis'])}
            />
            {policy.tiers.map((tier, index) => (
              <div className="form__row" key={index}>
                <TextField
                  label={t('policy.tierName')}
                  value={tier.name}
                  error={fields[`tiers.${index}.name`]}
                  onChange={(event) => setTier(index, { name: event.target.value })}
                />
                {index > 0 && (
                  <TextField
                    label={
                      policy.tierBasis === 'clv'
                        ? t('policy.minClv', { currency: program.currency })
                        : t('policy.minPercentile')
                    }
                    type="number"
                    value={String(
                      policy.tierBasis === 'clv'
                        ? f.major(tier.minClvMinor ?? 0)
                        : (tier.minPercentile ?? ''),
                    )}
                    error={fields[`tiers.${index}.${threshold}`]}
                    onChange={(event) =>
                      setTier(
                        index,
                        policy.tierBasis === 'clv'
                          ? { minClvMinor: f.minor(numberOf(event.target.value)) }
                          : { minPercentile: numberOf(event.target.value) },
                      )
                    }
                  />
                )}
                <TextField
                  label={t('policy.multiplier')}
                  type="number"
                  value={String(tier.earningMultiplierBp)}
                  error={fields[`tiers.${index}.earningMultiplierBp`]}
                  onChange={(event) =>
                    setTier(index, { earningMultiplierBp: numberOf(event.target.value) })
                  }
                />
                <TextField
                  label={t('policy.upgradeReward')}
                  type="number"
                  value={String(tier.upgradeRewardPoints)}
                  error={fields[`tiers.${index}.upgradeRewardPoints`]}
                  onChange={(event) =>
                    setTier(index, { upgradeRewardPoints: numberOf(event.target.value) })
                  }
                />
                {index > 0 && (
                  <button
                    type="button"
                    className="button"
                    aria-label={t('policy.removeTier', { tier: tier.name || String(index + 1) })}
                    onClick={() =>
                      set(
                        'tiers',
                        policy.tiers.filter((_, at) => at !== index),
                      )
                    }
                  >
                    {t('common.remove')}
                  </button>
                )}
              </div>
            ))}
            <button
              type="button"
              className="button"
              onClick={() =>
                set('tiers', [
                  ...policy.tiers,
                  {
                    name: '',
                    ...(policy.tierBasis === 'clv' ? { minClvMinor: 0 } : { minPercentile: 90 }),
                    earningMultiplierBp: 10_000,
                    upgradeRewardPoints: 0,
                  },
                ])
              }
            >
              {t('policy.addTier')}
            </button>
            <TextField
              label={t('policy.grace')}
              type="number"
              value={String(policy.downgradeGraceDays)}
              error={fields.downgradeGraceDays}
              onChange={(event) => set('downgradeGraceDays', numberOf(event.target.value))}
            />
          </fieldset>
          <fieldset>
            <legend>{t('policy.assumptions')}</legend>
            <div className="form__row">
              <TextField
                label={t('policy.horizon')}
                type="number"
                value={String(policy.horizonMonths)}
                error={fields.horizonMonths}
                onChange={(event) => set('horizonMonths', numberOf(event.target.value))}
              />
              <TextField
                label={t('policy.discount')}
                type="number"
                step="0.01"
                value={String(policy.annualDiscountRate)}
                error={fields.annualDiscountRate}
                onChange={(event) => set('annualDiscountRate', numberOf(event.target.value))}
              />
              <TextField
                label={t('policy.margin')}
                type="number"
                step="0.01"
                value={String(policy.margin)}
                error={fields.margin}
                onChange={(event) => set('margin', numberOf(event.target.value))}
              />
            </div>
            <div className="form__row">
              <TextField
                label={t('policy.costToServe', { currency: program.currency })}
                type="number"
                value={String(f.major(policy.costToServePerPurchaseMinor))}
                error={fields.costToServePerPurchaseMinor}
                onChange={(event) =>
                  set('costToServePerPurchaseMinor', f.minor(numberOf(event.target.value)))
                }
              />
              <TextField
                label={t('policy.minHistory')}
                type="number"
                value={String(policy.minHistoryDays)}
                error={fields.minHistoryDays}
                onChange={(event) => set('minHistoryDays', numberOf(event.target.value))}
              />
            </div>
          </fieldset>
          {moving > 0 && (
            <CheckboxField
              label={t('policy.acknowledge', { count: f.number(moving) })}
              checked={acknowledged}
              onChange={(event) => setAcknowledged(event.target.checked)}
            />
          )}
          {publish.isSuccess && (
            <Notice tone="success">
              {t('policy.published', { version: publish.data.version })}
            </Notice>
          )}
          {publish.isError && <ProblemNotice error={publish.error} />}
          <button
            type="submit"
            className="button button--primary"
            disabled={publish.isPending || blocked}
          >
            {t('policy.publish')}
          </button>
        </form>
        <aside className="panel preview" aria-labelledby="moves-title">
          <h2 id="moves-title">{t('policy.movesTitle')}</h2>
          <div aria-live="polite">
            {previewProblem && <ProblemNotice problem={previewProblem} />}
            {moves && !previewProblem && (
              <>
                {moving > 0 ? (
                  <Notice tone="warning">
                    <p className="notice__title" data-testid="tier-move-warning">
                      {t('policy.warning', {
                        up: f.number(moves.upgrades),
                        down: f.number(moves.downgrades),
                      })}
                    </p>
                    {moves.downgrades > 0 && (
                      <p>{t('policy.graceNote', { days: moves.downgradeGraceDays })}</p>
                    )}
                    {moves.otherMoves > 0 && (
                      <p>{t('policy.otherMoves', { count: f.number(moves.otherMoves) })}</p>
                    )}
                  </Notice>
                ) : (
                  <Notice tone="success">
                    {t('policy.noMoves', { count: f.number(moves.membersScored) })}
                  </Notice>
                )}
                {moves.clvAssumptionsChanged && (
                  <p className="muted">{t('policy.assumptionsChanged')}</p>
                )}
                {moves.moves.some((move) => move.direction !== 'same') && (
                  <table className="table table--compact">
                    <caption className="visually-hidden">{t('policy.movesTitle')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('policy.from')}</th>
                        <th scope="col">{t('policy.to')}</th>
                        <th scope="col" className="numeric">
                          {t('dashboard.clv.members')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {moves.moves
                        .filter((move) => move.direction !== 'same')
                        .map((move) => (
                          <tr key={`${move.fromTier}-${move.toTier}`}>
                            <td>{move.fromTier ?? t('policy.noTier')}</td>
                            <td>
                              {move.toTier}{' '}
                              <span className={`badge badge--${move.direction}`}>
                                {t(`policy.direction.${move.direction}`)}
                              </span>
                            </td>
                            <td className="numeric">{f.number(move.members)}</td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                )}
              </>
            )}
          </div>
        </aside>
      </div>
    </section>
  );
}
