import { useQuery } from '@tanstack/react-query';
import { dataOrThrow } from '../../api/problems';
import { useApi } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { Loading, ProblemNotice } from '../../ui/feedback';

/** The member's tier, the CLV it rests on with its inputs, and why each tier decision was taken. */
export function MemberValue({ memberId }: { memberId: string }) {
  const api = useApi();
  const { t, money, number, percent, date, dateTime } = useFormats();
  const value = useQuery({
    queryKey: ['member', memberId, 'value'],
    queryFn: async ({ signal }) =>
      dataOrThrow(
        await api.ledger.GET('/v1/members/{memberId}/value', {
          params: { path: { memberId } },
          signal,
        }),
      ),
  });

  return (
    <section aria-labelledby="value-title" className="panel">
      <h2 id="value-title">{t('value.title')}</h2>
      {value.isPending ? (
        <Loading />
      ) : value.isError ? (
        <ProblemNotice error={value.error} />
      ) : (
        <>
          {value.data.tier ? (
            <p className="figure">
              <span className="figure__value">{value.data.tier.name}</span>
              <span className="figure__label">
                {t('value.tierSince', { date: date(value.data.tier.since) })}
                {value.data.tier.heldUntil &&
                  ` · ${t('value.heldUntil', { date: date(value.data.tier.heldUntil) })}`}
              </span>
            </p>
          ) : (
            <p className="empty">{t('value.notScored')}</p>
          )}
          {value.data.clv && (
            <dl className="facts facts--compact">
              <dt>{t('value.clv')}</dt>
              <dd>{money(value.data.clv.clvMinor, value.data.clv.currency)}</dd>
              <dt>{t('value.pAlive')}</dt>
              <dd>{percent(value.data.clv.pAlive)}</dd>
              <dt>{t('value.expectedPurchases')}</dt>
              <dd>{number(value.data.clv.expectedPurchases, 1)}</dd>
              <dt>{t('value.averageSpend')}</dt>
              <dd>{money(value.data.clv.averageSpendMinor, value.data.clv.currency)}</dd>
              <dt>{t('value.method')}</dt>
              <dd>
                {t(`value.method.${value.data.clv.method}`)}
                {value.data.clv.model && ` · v${value.data.clv.model.version}`}
              </dd>
              <dt>{t('value.scoredAt')}</dt>
              <dd>{dateTime(value.data.clv.scoredAt)}</dd>
            </dl>
          )}
          {value.data.tierHistory.length > 0 && (
            <>
              <h3>{t('value.decisions')}</h3>
              <ol className="timeline">
                {value.data.tierHistory.map((decision) => (
                  <li key={`${decision.changedAt}-${decision.toTier}`}>
                    <p>
                      <strong>
                        {decision.fromTier
                          ? `${decision.fromTier} → ${decision.toTier}`
                          : decision.toTier}
                      </strong>{' '}
                      <span className="muted">
                        {t(`value.kind.${decision.kind}`)} · {dateTime(decision.changedAt)}
                      </span>
                    </p>
                    <p>{decision.reason}</p>
                    <p className="muted">
                      {t('value.decisionBasis', {
                        clv: money(decision.clvMinor),
                        policy: decision.valuePolicyVersion,
                        model:
                          decision.modelVersion === null
                            ? t('value.method.simple')
                            : `v${decision.modelVersion}`,
                      })}
                    </p>
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
    </section>
  );
}
