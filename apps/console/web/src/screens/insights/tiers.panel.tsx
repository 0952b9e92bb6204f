import type { ChartConfiguration } from 'chart.js';
import { QueryView } from '../../ui/query-view';
import { useMemo } from 'react';
import { dataOrThrow } from '../../api/problems';
import { useApi } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { ChartCanvas, ChartPanel, SERIES_COLOURS } from './chart';
import { type Period, useInsight } from './insight-query';

/** Members per tier now, and the moves between tiers in each of the last periods. */
export function TiersPanel({ period }: { period: Period }) {
  const api = useApi();
  const f = useFormats();
  const { t } = f;
  const tiers = useInsight(['tiers', period], async () =>
    dataOrThrow(await api.ledger.GET('/v1/insights/tiers', { params: { query: { period } } })),
  );
  const data = tiers.data;
  const move = (from: string | null, to: string) =>
    from === null ? t('dashboard.tiers.placed', { tier: to }) : `${from} → ${to}`;
  const moves = useMemo(() => {
    const names = new Set<string>();
    for (const p of data?.periods ?? [])
      for (const flow of p.flows) names.add(move(flow.fromTier, flow.toTier));
    return [...names];
  }, [data, t]);
  const membersConfig = useMemo<ChartConfiguration<'bar'>>(
    () => ({
      type: 'bar',
      data: {
        labels: (data?.members ?? []).map((tier) => tier.tier),
        datasets: [
          {
            label: t('dashboard.clv.members'),
            data: (data?.members ?? []).map((tier) => tier.members),
            backgroundColor: SERIES_COLOURS.slice(0, data?.members.length ?? 0),
          },
        ],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
    }),
    [data, t],
  );
  const flowsConfig = useMemo<ChartConfiguration<'bar'>>(
    () => ({
      type: 'bar',
      data: {
        labels: (data?.periods ?? []).map((p) => f.month(p.periodStart)),
        datasets: moves.map((name, index) => ({
          label: name,
          data: (data?.periods ?? []).map(
            (p) => p.flows.find((flow) => move(flow.fromTier, flow.toTier) === name)?.members ?? 0,
          ),
          backgroundColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
        })),
      },
      options: {
        plugins: { legend: { position: 'bottom' } },
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
      },
    }),
    [data, moves, f],
  );
  return (
    <ChartPanel
      title={t('dashboard.tiers.title')}
      description={t('dashboard.tiers.description')}
      csvName="tier-flows"
      empty={data !== undefined && data.members.every((tier) => tier.members === 0)}
      table={{
        header: [t('dashboard.col.period'), t('dashboard.col.move'), t('dashboard.clv.members')],
        rows: [
          ...(data?.members ?? []).map((tier) => [
            t('dashboard.tiers.now'),
            tier.tier,
            tier.members,
          ]),
          ...(data?.periods ?? []).flatMap((p) =>
            p.flows.map((flow) => [
              p.periodStart.slice(0, 10),
              move(flow.fromTier, flow.toTier),
              flow.members,
            ]),
          ),
        ],
      }}
    >
      <QueryView query={tiers}>
        {() => (
          <div className="chart__pair">
            <ChartCanvas
              config={membersConfig}
              label={t('dashboard.tiers.membersLabel')}
              height={220}
            />
            <ChartCanvas
              config={flowsConfig}
              label={t('dashboard.tiers.flowsLabel')}
              height={220}
            />
          </div>
        )}
      </QueryView>
    </ChartPanel>
  );
}
