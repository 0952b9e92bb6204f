import type { LedgerSchemas } from '@loyalty/api-client';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { dataOrThrow, fieldProblems, problemOf } from '../../api/problems';
import { useApi, useProgram } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { Loading, Notice, ProblemNotice } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/fields';
import { useDebounced } from '../../ui/use-debounced';

type Rules = LedgerSchemas['schemas']['EarningRulesRequest'];
type Campaign = LedgerSchemas['schemas']['CampaignRequest'];

const EMPTY_RULES: Rules = {
  basePoints: 1,
  perMinorUnits: 100,
  rounding: 'down',
  categoryMultipliers: [],
  skuMultipliers: [],
  campaigns: [],
  excludedCategories: [],
  maxPointsPerPurchase: null,
  pendingDays: 14,
  expiry: { kind: 'months_after_earning', months: 12 },
};

/** A `datetime-local` value (local wall time) from an ISO instant, and back. */
const toLocalInput = (iso: string) => {
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : '');

/** A whole number typed in a field; what is not one goes to the app as is, which names it. */
const integer = (value: string): number => (value.trim() === '' ? Number.NaN : Number(value));

/**
 * The earning rules: the version in force as a form, what a sample basket earns under the draft
 * beside the rules in force (asked again at each pause in typing), and publishing a new version.
 */
export function EarningRulesScreen() {
  const api = useApi();
  const program = useProgram();
  const f = useFormats();
  const { t } = f;
  const queryClient = useQueryClient();
  const versions = useQuery({
    queryKey: ['earning-rules'],
    queryFn: async ({ signal }) =>
      dataOrThrow(await api.ledger.GET('/v1/earning-rules', { signal })),
  });
  const [rules, setRules] = useState<Rules | null>(null);
  const [excluded, setExcluded] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [basket, setBasket] = useState({ amount: '42.50', category: '', tier: '' });
  useEffect(() => {
    if (rules || !versions.data) return;
    const latest = versions.data.items[0]?.rules;
    const loaded: Rules = latest ? { ...EMPTY_RULES, ...latest } : EMPTY_RULES;
    setRules(loaded);
    setExcluded(loaded.excludedCategories.join(', '));
  }, [versions.data, rules]);

  const draft: Rules | null = rules && {
    ...rules,
    excludedCategories: excluded
      .split(',')
      .map((category) => category.trim())
      .filter(Boolean),
  };
  const amountMinor = f.minor(Number(basket.amount.replace(',', '.')));
  const previewRequest = useDebounced(
    draft && {
      rules: draft,
      basket: {
        amountMinor,
        ...(basket.category
          ? { lines: [{ sku: 'SAMPLE', category: basket.category, amountMinor, quantity: 1 }] }
          : {}),
        ...(basket.tier ? { tier: basket.tier } : {}),
      },
    },
  );
  const preview = useQuery({
    queryKey: ['earning-rules-preview', previewRequest],
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await api.ledger.POST('/v1/earning-rules/preview', { body: previewRequest!, signal }),
      ),
    enabled: previewRequest !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const publish = useMutation({
    mutationFn: async (body: Rules) =>
      dataOrThrow(await api.ledger.POST('/v1/earning-rules', { body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['earning-rules'] });
    },
  });

  if (versions.isPending || !rules || !draft) return <Loading />;
  if (versions.isError) return <ProblemNotice error={versions.error} />;
  const previewProblem = problemOf(preview.error);
  const fields = {
    ...Object.fromEntries(
      Object.entries(fieldProblems(previewProblem)).map(([field, detail]) => [
        field.replace(/^rules\./, ''),
        detail,
      ]),
    ),
    ...fieldProblems(problemOf(publish.error)),
  };
  const set = <K extends keyof Rules>(key: K, value: Rules[K]) =>
    setRules((current) => (current ? { ...current, [key]: value } : current));
  const setCampaign = (index: number, change: Partial<Campaign>) =>
    set(
      'campaigns',
      rules.campaigns.map((campaign, at) => (at === index ? { ...campaign, ...change } : campaign)),
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    publish.mutate({
      ...draft,
      ...(effectiveFrom ? { effectiveFrom: fromLocalInput(effectiveFrom) } : {}),
    });
  };
  const current = versions.data.items[0];

  return (
    <section aria-labelledby="rules-title">
      <h1 id="rules-title">{t('rules.title')}</h1>
      <p className="muted">
        {current
          ? t('rules.inForce', {
              version: current.version,
              date: f.dateTime(current.effectiveFrom),
            })
          : t('rules.none')}
      </p>
      <div className="editor">
        <form className="form form--wide" onSubmit={submit} noValidate>
          <fieldset>
            <legend>{t('rules.earning')}</legend>
            <div className="form__row">
              <TextField
                label={t('rules.basePoints')}
                type="number"
                value={String(rules.basePoints)}
                error={fields.basePoints}
                onChange={(event) => set('basePoints', integer(event.target.value))}
              />
              <TextField
                label={t('rules.perMinorUnits', { currency: program.currency })}
                type="number"
                value={String(rules.perMinorUnits)}
                error={fields.perMinorUnits}
                onChange={(event) => set('perMinorUnits', integer(event.target.value))}
              />
              <SelectField
                label={t('rules.rounding')}
                value={rules.rounding}
                error={fields.rounding}
                options={(['down', 'nearest', 'up'] as const).map((value) => ({
                  value,
                  label: t(`rules.rounding.${value}`),
                }))}
                onChange={(event) => set('rounding', event.target.value as Rules['rounding'])}
              />
            </div>
            <div className="form__row">
              <TextField
                label={t('rules.pendingDays')}
                type="number"
                value={String(rules.pendingDays)}
                error={fields.pendingDays}
                onChange={(event) => set('pendingDays', integer(event.target.value))}
              />
              <TextField
                label={t('rules.maxPoints')}
                hint={t('rules.maxPointsHint')}
                type="number"
                value={
                  rules.maxPointsPerPurchase === null ? '' : String(rules.maxPointsPerPurchase)
                }
                error={fields.maxPointsPerPurchase}
                onChange={(event) =>
                  set(
                    'maxPointsPerPurchase',
                    event.target.value === '' ? null : integer(event.target.value),
                  )
                }
              />
            </div>
            <TextField
              label={t('rules.excluded')}
              hint={t('rules.excludedHint')}
              value={excluded}
              error={fields.excludedCategories}
              onChange={(event) => setExcluded(event.target.value)}
            />
          </fieldset>
          <fieldset>
            <legend>{t('rules.expiry')}</legend>
            <div className="form__row">
              <SelectField
                label={t('rules.expiryKind')}
                value={rules.expiry.kind}
                error={fields['expiry.kind']}
                options={(['never', 'months_after_earning', 'end_of_period'] as const).map(
                  (value) => ({ value, label: t(`rules.expiry.${value}`) }),
                )}
                onChange={(event) =>
                  set('expiry', {
                    kind: event.target.value as Rules['expiry']['kind'],
                    ...(event.target.value === 'never'
                      ? {}
                      : { months: rules.expiry.months ?? 12 }),
                    ...(event.target.value === 'end_of_period'
                      ? { period: rules.expiry.period ?? 'year' }
                      : {}),
                  })
                }
              />
              {rules.expiry.kind !== 'never' && (
                <TextField
                  label={t('rules.expiryMonths')}
                  type="number"
                  value={String(rules.expiry.months ?? '')}
                  error={fields['expiry.months']}
                  onChange={(event) =>
                    set('expiry', { ...rules.expiry, months: integer(event.target.value) })
                  }
                />
              )}
              {rules.expiry.kind === 'end_of_period' && (
                <SelectField
                  label={t('rules.expiryPeriod')}
                  value={rules.expiry.period ?? 'year'}
                  error={fields['expiry.period']}
                  options={(['month', 'quarter', 'year'] as const).map((value) => ({
                    value,
                    label: t(`rules.period.${value}`),
                  }))}
                  onChange={(event) =>
                    set('expiry', {
                      ...rules.expiry,
                      period: event.target.value as 'month' | 'quarter' | 'year',
                    })
                  }
                />
              )}
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('rules.categoryMultipliers')}</legend>
            {rules.categoryMultipliers.map((row, index) => (
              <div className="form__row" key={index}>
                <TextField
                  label={t('rules.category')}
                  value={row.category}
                  error={fields[`categoryMultipliers.${index}.category`]}
                  onChange={(event) =>
                    set(
                      'categoryMultipliers',
                      rules.categoryMultipliers.map((item, at) =>
                        at === index ? { ...item, category: event.target.value } : item,
                      ),
                    )
                  }
                />
                <TextField
                  label={t('rules.multiplierBp')}
                  type="number"
                  value={String(row.multiplierBp)}
                  error={fields[`categoryMultipliers.${index}.multiplierBp`]}
                  onChange={(event) =>
                    set(
                      'categoryMultipliers',
                      rules.categoryMultipliers.map((item, at) =>
                        at === index
                          ? { ...item, multiplierBp: integer(event.target.value) }
                          : item,
                      ),
                    )
                  }
                />
                <button
                  type="button"
                  className="button"
                  aria-label={t('rules.removeCategory', {
                    category: row.category || String(index + 1),
                  })}
                  onClick={() =>
                    set(
                      'categoryMultipliers',
                      rules.categoryMultipliers.filter((_, at) => at !== index),
                    )
                  }
                >
                  {t('common.remove')}
                </button>
              </div>
            ))}
            <button
              type="button"
              className="button"
              onClick={() =>
                set('categoryMultipliers', [
                  ...rules.categoryMultipliers,
                  { category: '', multiplierBp: 20_000 },
                ])
              }
            >
              {t('rules.addCategory')}
            </button>
          </fieldset>
          <fieldset>
            <legend>{t('rules.campaigns')}</legend>
            {rules.campaigns.map((campaign, index) => (
              <div className="campaign" key={index}>
                <div className="form__row">
                  <TextField
                    label={t('rules.campaignCode')}
                    value={campaign.code}
                    error={fields[`campaigns.${index}.code`]}
                    onChange={(event) => setCampaign(index, { code: event.target.value })}
                  />
                  <TextField
                    label={t('rules.startsAt')}
                    type="datetime-local"
                    value={campaign.startsAt ? toLocalInput(campaign.startsAt) : ''}
                    error={fields[`campaigns.${index}.startsAt`]}
                    onChange={(event) =>
                      setCampaign(index, { startsAt: fromLocalInput(event.target.value) })
                    }
                  />
                  <TextField
                    label={t('rules.endsAt')}
                    type="datetime-local"
                    value={campaign.endsAt ? toLocalInput(campaign.endsAt) : ''}
                    error={fields[`campaigns.${index}.endsAt`]}
                    onChange={(event) =>
                      setCampaign(index, { endsAt: fromLocalInput(event.target.value) })
                    }
                  />
                </div>
                <div className="form__row">
                  <TextField
                    label={t('rules.multiplierBp')}
                    type="number"
                    value={String(campaign.multiplierBp)}
                    error={fields[`campaigns.${index}.multiplierBp`]}
                    onChange={(event) =>
                      setCampaign(index, { multiplierBp: integer(event.target.value) })
                    }
                  />
                  <TextField
                    label={t('rules.bonusPoints')}
                    type="number"
                    value={String(campaign.bonusPoints)}
                    error={fields[`campaigns.${index}.bonusPoints`]}
                    onChange={(event) =>
                      setCampaign(index, { bonusPoints: integer(event.target.value) })
                    }
                  />
                  <TextField
                    label={t('rules.budget')}
                    type="number"
                    value={campaign.budgetPoints === undefined ? '' : String(campaign.budgetPoints)}
                    error={fields[`campaigns.${index}.budgetPoints`]}
                    onChange={(event) => {
                      const { budgetPoints: _omitted, ...rest } = campaign;
                      setCampaign(
                        index,
                        event.target.value === ''
                          ? { ...rest, budgetPoints: undefined }
                          : { budgetPoints: integer(event.target.value) },
                      );
                    }}
                  />
                  <TextField
                    label={t('rules.campaignCategories')}
                    value={campaign.categories.join(', ')}
                    error={fields[`campaigns.${index}.categories`]}
                    onChange={(event) =>
                      setCampaign(index, {
                        categories: event.target.value
                          .split(',')
                          .map((category) => category.trim())
                          .filter(Boolean),
                      })
                    }
                  />
                  <button
                    type="button"
                    className="button"
                    aria-label={t('rules.removeCampaign', {
                      code: campaign.code || String(index + 1),
                    })}
                    onClick={() =>
                      set(
                        'campaigns',
                        rules.campaigns.filter((_, at) => at !== index),
                      )
                    }
                  >
                    {t('common.remove')}
                  </button>
                </div>
              </div>
            ))}
            <button
              type="button"
              className="button"
              onClick={() => {
                const start = new Date();
                set('campaigns', [
                  ...rules.campaigns,
                  {
                    code: '',
                    startsAt: start.toISOString(),
                    endsAt: new Date(start.getTime() + 7 * 86_400_000).toISOString(),
                    multiplierBp: 20_000,
                    bonusPoints: 0,
                    categories: [],
                  },
                ]);
              }}
            >
              {t('rules.addCampaign')}
            </button>
          </fieldset>
          <TextField
            label={t('rules.effectiveFrom')}
            hint={t('rules.effectiveFromHint')}
            type="datetime-local"
            value={effectiveFrom}
            error={fields.effectiveFrom}
            onChange={(event) => setEffectiveFrom(event.target.value)}
          />
          {publish.isSuccess && (
            <Notice tone="success">
              {t('rules.published', { version: publish.data.version })}
            </Notice>
          )}
          {publish.isError && <ProblemNotice error={publish.error} />}
          <button type="submit" className="button button--primary" disabled={publish.isPending}>
            {t('rules.publish')}
          </button>
        </form>
        <aside className="panel preview" aria-labelledby="preview-title">
          <h2 id="preview-title">{t('rules.preview')}</h2>
          <div className="form">
            <TextField
              label={t('rules.sampleAmount', { currency: program.currency })}
              inputMode="decimal"
              value={basket.amount}
              onChange={(event) => setBasket({ ...basket, amount: event.target.value })}
            />
            <TextField
              label={t('rules.sampleCategory')}
              value={basket.category}
              onChange={(event) => setBasket({ ...basket, category: event.target.value })}
            />
            <SelectField
              label={t('member.tier')}
              value={basket.tier}
              options={[
                { value: '', label: t('rules.noTier') },
                ...program.tiers.map((tier) => ({ value: tier.name, label: tier.name })),
              ]}
              onChange={(event) => setBasket({ ...basket, tier: event.target.value })}
            />
          </div>
          <div aria-live="polite" className="preview__result">
            {preview.data ? (
              <>
                <p className="figure">
                  <span className="figure__value" data-testid="draft-points">
                    {f.number(preview.data.draft.points)}
                  </span>
                  <span className="figure__label">
                    {t('rules.withDraft')}
                    {preview.data.inForce &&
                      ` · ${t('rules.withInForce', { points: f.number(preview.data.inForce.points) })}`}
                  </span>
                </p>
                <ul className="breakdown">
                  {preview.data.draft.breakdown.map((line, index) => (
                    <li key={index}>
                      {t(`rules.line.${line.rule}`)}
                      {line.detail ? ` (${line.detail})` : ''}: {f.number(line.points)}
                    </li>
                  ))}
                </ul>
              </>
            ) : preview.isFetching ? (
              <Loading />
            ) : null}
            {previewProblem && <ProblemNotice problem={previewProblem} />}
          </div>
        </aside>
      </div>
    </section>
  );
}
