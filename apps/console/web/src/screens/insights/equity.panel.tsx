import type { ChartConfiguration } from 'chart.js';
import { QueryView } from '../../ui/query-view';
import { useMemo } from 'react';
import { dataOrThrow } from '../../api/problems';
import { useApi } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { ChartCanvas, ChartPanel, SERIES_COLOURS } from './chart';
import { useInsight } from './insight-query';

/** Customer equity (the sum of CLV) over the snapshots, and now. */
export function EquityPanel() {
  const api = useApi();
  const f = useFormats();
  const { t } = f;
  const equity = useInsight(['customer-equity'], async () =>
    dataOrThrow(await api.ledger.GET('/v1/insights/customer-equity')),
  );
  const trend = equity.data?.trend ?? [];
  const config = useMemo<ChartConfiguration<'line'>>(
    () => ({
      type: 'line',
      data: {
        labels: trend.map((point) => f.date(point.takenAt)),
        datasets: [
          {
            label: t('dashboard.equity.series'),
            data: trend.map((point) => f.major(point.customerEquityMinor)),
            borderColor: SERIES_COLOURS[0],
            backgroundColor: 'rgba(31, 79, 209, 0.12)',
            fill: true,
            tension: 0.2,
          },
        ],
      },
      options: {
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (item) =>
                `${f.money(trend[item.dataIndex]!.customerEquityMinor)} · ${t('dashboard.equity.scored', { count: f.number(trend[item.dataIndex]!.membersScored) })}`,
            },
          },
        },
        scales: { y: { ticks: { callback: (value) => f.moneyAxis(Number(value)) } } },
      },
    }),
    [trend, f, t],
  );
  return (
    <ChartPanel
      title={t('dashboard.equity.title')}
      description={t('dashboard.equity.description')}
      csvName="customer-equity"
      empty={trend.length === 0}
      table={{
        header: [t('dashboard.col.date'), t('dashboard.col.equity'), t('dashboard.col.scored')],
        rows: trend.map((point) => [
          point.takenAt.slice(0, 10),
          f.major(point.customerEquityMinor),
          point.membersScored,
        ]),
      }}
      figures={
        equity.data && (
          <p className="figure">
            <span className="figure__value">{f.money(equity.data.customerEquityMinor)}</span>
            <span className="figure__label">
              {t('dashboard.equity.now', { count: f.number(equity.data.membersScored) })}
            </span>
          </p>
        )
      }
    >
      <QueryView query={equity}>
        {() => <ChartCanvas config={config} label={t('dashboard.equity.title')} />}
      </QueryView>
    </ChartPanel>
  );
}
