import type { ChartConfiguration } from 'chart.js';
import { QueryView } from '../../ui/query-view';
import { useMemo } from 'react';
import { dataOrThrow } from '../../api/problems';
import { useApi } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { ChartCanvas, ChartPanel, SERIES_COLOURS } from './chart';
import { useInsight } from './insight-query';

/** The points liability as it stands, and the points that will expire month by month. */
export function PointsPanel() {
  const api = useApi();
  const f = useFormats();
  const { t } = f;
  const points = useInsight(['points'], async () =>
    dataOrThrow(await api.ledger.GET('/v1/insights/points')),
  );
  const data = points.data;
  const config = useMemo<ChartConfiguration<'bar'>>(
    () => ({
      type: 'bar',
      data: {
        labels: (data?.expiryByMonth ?? []).map((month) => f.month(month.monthStart)),
        datasets: [
          {
            label: t('dashboard.points.expiring'),
            data: (data?.expiryByMonth ?? []).map((month) => month.points),
            backgroundColor: SERIES_COLOURS[1],
          },
        ],
      },
      options: {
        plugins: { legend: { display: false } },
        scales: {
          y: { beginAtZero: true, title: { display: true, text: t('dashboard.points.axis') } },
        },
      },
    }),
    [data, f, t],
  );
  const liability = data
    ? [
        [t('dashboard.points.available'), data.outstanding - data.pending],
        [t('dashboard.points.pending'), data.pending],
        [t('dashboard.points.held'), data.held],
        [t('dashboard.points.inVouchers'), data.inVouchers],
        [t('dashboard.points.owed'), data.owed],
      ]
    : [];
  return (
    <ChartPanel
      title={t('dashboard.points.title')}
      description={t('dashboard.points.description')}
      csvName="points-liability"
      table={{
        header: [t('dashboard.col.what'), t('history.points')],
        rows: [
          ...liability.map(([label, value]) => [label as string, value as number]),
          ...(data?.expiryByMonth ?? []).map((month) => [
            t('dashboard.points.expiringIn', { month: f.month(month.monthStart) }),
            month.points,
          ]),
        ],
      }}
      figures={
        data && (
          <dl className="facts facts--compact facts--wide">
            {liability.map(([label, value]) => (
              <div key={label as string} className="facts__pair">
                <dt>{label}</dt>
                <dd>{f.number(value as number)}</dd>
              </div>
            ))}
          </dl>
        )
      }
    >
      <QueryView query={points}>
        {() => (
          <ChartCanvas config={config} label={t('dashboard.points.forecastLabel')} height={220} />
        )}
      </QueryView>
    </ChartPanel>
  );
}
