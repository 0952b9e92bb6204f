import type { ChartConfiguration } from 'chart.js';
import { QueryView } from '../../ui/query-view';
import { useMemo, useState } from 'react';
import { dataOrThrow } from '../../api/problems';
import { useApi } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { SelectField } from '../../ui/fields';
import { ChartCanvas, ChartPanel, SERIES_COLOURS } from './chart';
import { type Period, useInsight } from './insight-query';

type Metric = 'nps' | 'csat' | 'ces';

/** NPS, CSAT or CES over time, one line per store (and one for answers about the program). */
export function SurveysPanel({ period }: { period: Period }) {
  const api = useApi();
  const f = useFormats();
  const { t } = f;
  const [metric, setMetric] = useState<Metric>('nps');
  const surveys = useInsight(['surveys', period], async () =>
    dataOrThrow(await api.ledger.GET('/v1/insights/surveys', { params: { query: { period } } })),
  );
  const items = useMemo(() => surveys.data?.items ?? [], [surveys.data]);
  const storeOf = (item: (typeof items)[number]) =>
    item.storeName ?? t('dashboard.surveys.program');
  const valueOf = (item: (typeof items)[number]) =>
    metric === 'csat' ? (item.csat === null ? null : item.csat * 100) : item[metric];
  const periods = useMemo(
    () => [...new Set(items.map((item) => item.periodStart))].sort(),
    [items],
  );
  const stores = useMemo(() => [...new Set(items.map(storeOf))], [items]);
  const config = useMemo<ChartConfiguration<'line'>>(
    () => ({
      type: 'line',
      data: {
        labels: periods.map((start) => f.month(start)),
        datasets: stores.map((store, index) => ({
          label: store,
          data: periods.map((start) => {
            const item = items.find(
              (candidate) => candidate.periodStart === start && storeOf(candidate) === store,
            );
            return item ? valueOf(item) : null;
          }),
          borderColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
          backgroundColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
          spanGaps: true,
          pointRadius: 4,
        })),
      },
      options: {
        plugins: { legend: { position: 'bottom' } },
        scales: {
          y: {
            title: { display: true, text: t(`dashboard.surveys.${metric}.axis`) },
            ...(metric === 'nps'
              ? { min: -100, max: 100 }
              : metric === 'csat'
                ? { min: 0, max: 100 }
                : { min: 1, max: 7 }),
          },
        },
      },
    }),
    [items, periods, stores, metric, f, t],
  );
  return (
    <ChartPanel
      title={t('dashboard.surveys.title')}
      description={t(`dashboard.surveys.${metric}.description`)}
      csvName="surveys"
      empty={surveys.data !== undefined && items.length === 0}
      controls={
        <SelectField
          label={t('dashboard.surveys.metric')}
          value={metric}
          options={(['nps', 'csat', 'ces'] as const).map((value) => ({
            value,
            label: t(`dashboard.surveys.${value}`),
          }))}
          onChange={(event) => setMetric(event.target.value as Metric)}
        />
      }
      table={{
        header: [
          t('dashboard.col.period'),
          t('dashboard.col.store'),
          'NPS',
          'CSAT',
          'CES',
          t('dashboard.col.answers'),
        ],
        rows: items.map((item) => [
          item.periodStart.slice(0, 10),
          storeOf(item),
          item.nps,
          item.csat,
          item.ces,
          Math.max(item.npsAnswers, item.csatAnswers, item.cesAnswers),
        ]),
      }}
    >
      <QueryView query={surveys}>
        {() => <ChartCanvas config={config} label={t('dashboard.surveys.title')} />}
      </QueryView>
    </ChartPanel>
  );
}
