import { QueryView } from '../../ui/query-view';
import { useQuery } from '@tanstack/react-query';
import { dataOrThrow } from '../../api/problems';
import { useApi } from '../../console-context';
import { useFormats } from '../../i18n/i18n';

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
      <QueryView query={value}>
        {(data) => (
          <>
            {data.tier ? (
              <p className="figure">
                <span className="figure__value">{data.tier.name}</span>
                <span className="figure__label">
                  {t('value.tierSince', { date: date(data.tier.since) })}
                  {data.tier.heldUntil &&
                    ` · ${t('value.heldUntil', { date: date(data.tier.heldUntil) })}`}
                </span>
              </p>
            ) : (
              <p className="empty">{t('value.notScored')}</p>
            )}
            {data.clv && (
              <dl className="facts facts--compact">
                <dt>{t('value.clv')}</dt>
                <dd>{money(data.clv.clvMinor, data.clv.currency)}</dd>
                <dt>{t('value.pAlive')}</dt>
                <dd>{percent(data.clv.pAlive)}</dd>
                <dt>{t('value.expectedPurchases')}</dt>
                <dd>{number(data.clv.expectedPurchases, 1)}</dd>
                <dt>{t('value.averageSpend')}</dt>
                <dd>{money(data.clv.averageSpendMinor, data.clv.currency)}</dd>
                <dt>{t('value.method')}</dt>
                <dd>
                  {t(`value.method.${data.clv.method}`)}
                  {data.clv.model && ` · v${data.clv.model.version}`}
                </dd>
                <dt>{t('value.scoredAt')}</dt>
                <dd>{dateTime(data.clv.scoredAt)}</dd>
              </dl>
            )}
            {data.tierHistory.length > 0 && (
              <>
                <h3>{t('value.decisions')}</h3>
                <ol className="timeline">
                  {data.tierHistory.map((decision) => (
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
      </QueryView>
    </section>
  );
}
