import type { ChartConfiguration } from 'chart.js';
import { QueryView } from '../../ui/query-view';
import { useMemo } from 'react';
import { dataOrThrow } from '../../api/problems';
import { useApi } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { ChartCanvas, ChartPanel, SERIES_COLOURS } from './chart';
import { type Period, useInsight } from './insight-query';

/** Cohorts drawn at most: the latest, so the lines stay readable (the table has them all). */
const COHORTS_DRAWN = 6;

/** Retention (and churn) by enrolment cohort, period by period since enrolment. */
export function CohortsPanel({ period }: { period: Period }) {
  const api = useApi();
  const f = useFormats();
  const { t } = f;
  const cohorts = useInsight(['cohorts', period], async () =>
    dataOrThrow(await api.ledger.GET('/v1/insights/cohorts', { params: { query: { period } } })),
  );
  const items = useMemo(() => cohorts.data?.items ?? [], [cohorts.data]);
  const drawn = useMemo(() => items.slice(-COHORTS_DRAWN), [items]);
  const longest = Math.max(0, ...drawn.map((cohort) => cohort.periods.length));
  const config = useMemo<ChartConfiguration<'line'>>(
    () => ({
      type: 'line',
      data: {
        labels: Array.from({ length: longest }, (_, index) =>
          t(`dashboard.cohorts.since.${period}`, { count: index }),
        ),
        datasets: drawn.map((cohort, index) => ({
          label: `${f.month(cohort.cohortStart)} (${f.number(cohort.members)})`,
          data: cohort.periods.map((p) =>
            p.retentionRate === null ? null : p.retentionRate * 100,
          ),
          borderColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
          backgroundColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
          tension: 0,
        })),
      },
      options: {
        plugins: {
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (item) => {
                const p = drawn[item.datasetIndex]?.periods[item.dataIndex];
                return p
                  ? `${item.dataset.label ?? ''}: ${t('dashboard.cohorts.tooltip', {
                      retention: f.percent(p.retentionRate ?? 0),
                      churn: f.percent(p.churnRate ?? 0),
                      active: f.number(p.active),
                    })}`
                  : '';
              },
            },
          },
        },
        scales: {
          y: {
            min: 0,
            max: 100,
            title: { display: true, text: t('dashboard.cohorts.axis') },
            ticks: { callback: (value) => `${String(value)} %` },
          },
        },
      },
    }),
    [drawn, longest, f, t, period],
  );
  return (
    <ChartPanel
      title={t('dashboard.cohorts.title')}
      description={t('dashboard.cohorts.description')}
      csvName="cohort-retention"
      empty={cohorts.data !== undefined && items.length === 0}
      table={{
        header: [
          t('dashboard.col.cohort'),
          t('dashboard.clv.members'),
          t('dashboard.col.periodsSince'),
          t('dashboard.col.active'),
          t('dashboard.col.retention'),
          t('dashboard.col.churn'),
        ],
        rows: items.flatMap((cohort) =>
          cohort.periods.map((p) => [
            cohort.cohortStart.slice(0, 10),
            cohort.members,
            p.periodsSinceEnrolment,
            p.active,
            p.retentionRate,
            p.churnRate,
          ]),
        ),
      }}
    >
      <QueryView query={cohorts}>
        {() => <ChartCanvas config={config} label={t('dashboard.cohorts.title')} />}
      </QueryView>
    </ChartPanel>
  );
}
