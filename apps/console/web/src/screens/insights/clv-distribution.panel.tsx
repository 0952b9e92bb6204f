import type { LedgerSchemas } from '@loyalty/api-client';
import type { ChartConfiguration, Plugin } from 'chart.js';
import { QueryView } from '../../ui/query-view';
import { useMemo } from 'react';
import { dataOrThrow } from '../../api/problems';
import { useApi } from '../../console-context';
import { useFormats } from '../../i18n/i18n';
import { ChartCanvas, ChartPanel, SERIES_COLOURS } from './chart';
import { useInsight } from './insight-query';
import { positionOnLogBins } from './log-bins';

type Distribution = LedgerSchemas['schemas']['ClvDistributionResponse'];

/** Draws each tier's cut-off as a dashed line over the histogram, named at the top. */
const cutoffLines = (distribution: Distribution): Plugin<'bar'> => ({
  id: 'tier-cutoffs',
  afterDatasetsDraw(chart) {
    const { ctx, chartArea, scales } = chart;
    const x = scales.x;
    if (!x) return;
    const step = distribution.bins.length > 1 ? x.getPixelForValue(1) - x.getPixelForValue(0) : 0;
    ctx.save();
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#17202e';
    ctx.fillStyle = '#17202e';
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    for (const cutoff of distribution.tierCutoffs) {
      if (cutoff.minClvMinor === null) continue;
      const position = positionOnLogBins(distribution.bins, cutoff.minClvMinor);
      if (!position) continue;
      const pixel = x.getPixelForValue(position.bin) + (position.fraction - 0.5) * step;
      ctx.beginPath();
      ctx.moveTo(pixel, chartArea.top + 14);
      ctx.lineTo(pixel, chartArea.bottom);
      ctx.stroke();
      ctx.fillText(cutoff.tier, pixel, chartArea.top + 10);
    }
    ctx.restore();
  },
});

/** The CLV distribution, log scale, with the tier cut-offs drawn on it. */
export function ClvDistributionPanel() {
  const api = useApi();
  const f = useFormats();
  const { t } = f;
  const distribution = useInsight(['clv-distribution'], async () =>
    dataOrThrow(await api.ledger.GET('/v1/insights/clv-distribution')),
  );
  const data = distribution.data;
  const range = (from: number, to: number) => `${f.money(from)}–${f.money(to)}`;
  const config = useMemo<ChartConfiguration<'bar'> | null>(
    () =>
      data
        ? {
            type: 'bar',
            data: {
              labels: data.bins.map((bin) => f.moneyAxis(f.major(bin.fromMinor))),
              datasets: [
                {
                  label: t('dashboard.clv.members'),
                  data: data.bins.map((bin) => bin.members),
                  backgroundColor: SERIES_COLOURS[0],
                  barPercentage: 1,
                  categoryPercentage: 0.96,
                },
              ],
            },
            options: {
              layout: { padding: { top: 8 } },
              plugins: {
                legend: { display: false },
                tooltip: {
                  callbacks: {
                    title: (items) => {
                      const bin = data.bins[items[0]?.dataIndex ?? 0];
                      return bin ? range(bin.fromMinor, bin.toMinor) : '';
                    },
                  },
                },
              },
              scales: {
                x: { title: { display: true, text: t('dashboard.clv.axis') } },
                y: {
                  title: { display: true, text: t('dashboard.clv.members') },
                  beginAtZero: true,
                },
              },
            },
          }
        : null,
    [data, f, t],
  );
  const plugins = useMemo(() => (data ? [cutoffLines(data)] : []), [data]);
  return (
    <ChartPanel
      title={t('dashboard.clv.title')}
      description={t('dashboard.clv.description')}
      csvName="clv-distribution"
      empty={data !== undefined && data.bins.length === 0}
      table={{
        header: [t('dashboard.col.from'), t('dashboard.col.to'), t('dashboard.clv.members')],
        rows: (data?.bins ?? []).map((bin) => [
          f.major(bin.fromMinor),
          f.major(bin.toMinor),
          bin.members,
        ]),
      }}
      figures={
        data && (
          <ul className="figures">
            <li>{t('dashboard.clv.scored', { count: f.number(data.membersScored) })}</li>
            {data.nonPositive > 0 && (
              <li>{t('dashboard.clv.nonPositive', { count: f.number(data.nonPositive) })}</li>
            )}
            {data.tierCutoffs.map((cutoff) => (
              <li key={cutoff.tier}>
                {t('dashboard.clv.cutoff', {
                  tier: cutoff.tier,
                  clv: cutoff.minClvMinor === null ? '—' : f.money(cutoff.minClvMinor),
                })}
                {cutoff.minPercentile !== null &&
                  ` (${t('dashboard.clv.percentile', { percentile: cutoff.minPercentile })})`}
              </li>
            ))}
          </ul>
        )
      }
    >
      <QueryView query={distribution}>
        {() =>
          config ? (
            <ChartCanvas config={config} plugins={plugins} label={t('dashboard.clv.title')} />
          ) : null
        }
      </QueryView>
    </ChartPanel>
  );
}
