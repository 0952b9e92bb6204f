import type { ChartConfiguration } from 'chart.js';
import { QueryView } from '../../ui/query-view';
import { useMemo, useState } from 'react';
import { dataOrThrow } from '../../api/problems';
import { useApi } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { SelectField } from '../../ui/fields';
import { ChartCanvas, ChartPanel, SERIES_COLOURS } from './chart';
import { useInsight } from './insight-query';

/** CAC beside mean CLV, and their ratio, per acquisition channel or campaign. */
export function AcquisitionPanel() {
  const api = useApi();
  const f = useFormats();
  const { t } = f;
  const [by, setBy] = useState<'channel' | 'campaign'>('channel');
  const acquisition = useInsight(['acquisition', by], async () =>
    dataOrThrow(await api.ledger.GET('/v1/insights/acquisition', { params: { query: { by } } })),
  );
  const items = useMemo(() => acquisition.data?.items ?? [], [acquisition.data]);
  const name = (row: (typeof items)[number]) =>
    row.campaign ??
    (by === 'campaign'
      ? t('dashboard.acquisition.noCampaign', {
          channel: f.label(`channel.${row.channel}`, row.channel),
        })
      : f.label(`channel.${row.channel}`, row.channel));
  const config = useMemo<ChartConfiguration<'bar'>>(
    () => ({
      type: 'bar',
      data: {
        labels: items.map(name),
        datasets: [
          {
            label: t('dashboard.acquisition.cac'),
            data: items.map((row) => f.major(row.cacMinor)),
            backgroundColor: SERIES_COLOURS[1],
          },
          {
            label: t('dashboard.acquisition.clv'),
            data: items.map((row) => f.major(row.meanGrossClvMinor)),
            backgroundColor: SERIES_COLOURS[0],
          },
        ],
      },
      options: {
        plugins: {
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (item) => {
                const row = items[item.dataIndex];
                if (!row) return '';
                const amount = item.datasetIndex === 0 ? row.cacMinor : row.meanGrossClvMinor;
                return `${item.dataset.label ?? ''}: ${f.money(amount)}`;
              },
              afterBody: (tooltipItems) => {
                const row = items[tooltipItems[0]?.dataIndex ?? -1];
                if (!row) return '';
                return [
                  t('dashboard.acquisition.ratio', {
                    ratio: row.clvToCac === null ? '—' : f.number(row.clvToCac, 2),
                  }),
                  t('dashboard.acquisition.members', { count: f.number(row.members) }),
                ];
              },
            },
          },
        },
        scales: {
          y: { beginAtZero: true, ticks: { callback: (value) => f.moneyAxis(Number(value)) } },
        },
      },
    }),
    [items, f, t, by],
  );
  return (
    <ChartPanel
      title={t('dashboard.acquisition.title')}
      description={t('dashboard.acquisition.description')}
      csvName={`acquisition-by-${by}`}
      empty={acquisition.data !== undefined && items.length === 0}
      controls={
        <SelectField
          label={t('dashboard.acquisition.by')}
          value={by}
          options={[
            { value: 'channel', label: t('dashboard.acquisition.byChannel') },
            { value: 'campaign', label: t('dashboard.acquisition.byCampaign') },
          ]}
          onChange={(event) => setBy(event.target.value as 'channel' | 'campaign')}
        />
      }
      table={{
        header: [
          by === 'campaign' ? t('dashboard.col.campaign') : t('dashboard.col.channel'),
          t('dashboard.clv.members'),
          t('dashboard.acquisition.cac'),
          t('dashboard.acquisition.clv'),
          t('dashboard.col.ratio'),
          t('dashboard.col.payback'),
        ],
        rows: items.map((row) => [
          name(row),
          row.members,
          f.major(row.cacMinor),
          f.major(row.meanGrossClvMinor),
          row.clvToCac,
          row.cacPaybackMonths,
        ]),
      }}
    >
      <QueryView query={acquisition}>
        {() => <ChartCanvas config={config} label={t('dashboard.acquisition.title')} />}
      </QueryView>
    </ChartPanel>
  );
}
