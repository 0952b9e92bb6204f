import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  type ChartType,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  type Plugin,
  PointElement,
  Tooltip,
} from 'chart.js';
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useFormats } from '../../i18n/i18n';
import { downloadCsv } from '../../ui/csv';

// Only what the dashboard draws: Chart.js leaves the rest out of the bundle.
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Tooltip,
  Legend,
  Filler,
);
Chart.defaults.font.family =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
Chart.defaults.color = '#3d4656';
Chart.defaults.animation = false;

/** Colours that keep 3:1 against white and apart from each other (Okabe–Ito, darkened). */
export const SERIES_COLOURS = [
  '#1f4fd1',
  '#c2570c',
  '#0f7b5f',
  '#b4236b',
  '#6b4bbd',
  '#8a6d00',
  '#2b7bb9',
  '#5b6472',
];

/** A Chart.js chart on a canvas that says what it shows to those who cannot see it. */
export function ChartCanvas<T extends ChartType>({
  config,
  label,
  plugins = [],
  height = 260,
}: {
  config: ChartConfiguration<T>;
  label: string;
  plugins?: Plugin<T>[];
  height?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = new Chart<T>(canvas.current, {
      ...config,
      plugins: [...(config.plugins ?? []), ...plugins],
      options: {
        responsive: true,
        maintainAspectRatio: false,
        ...config.options,
      } as ChartConfiguration<T>['options'],
    });
    return () => chart.destroy();
  }, [config, plugins]);
  return (
    <div className="chart__canvas" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}

export interface FigureTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}

/**
 * One plot of the dashboard: its title, what it means, the chart, its numbers as a table (for
 * keyboards and screen readers, and to copy) and as a CSV download.
 */
export function ChartPanel({
  title,
  description,
  csvName,
  table,
  empty,
  children,
  figures,
  controls,
}: {
  title: string;
  description?: string;
  csvName: string;
  table: FigureTable;
  /** True when there is nothing to plot yet: the panel says so instead of an empty chart. */
  empty?: boolean;
  children: ReactNode;
  figures?: ReactNode;
  controls?: ReactNode;
}) {
  const { t, number } = useFormats();
  const titleId = useId();
  const shown = (cell: string | number | null) =>
    typeof cell === 'number' ? number(cell, Number.isInteger(cell) ? 0 : 2) : (cell ?? '—');
  return (
    <section className="panel chart" aria-labelledby={titleId}>
      <div className="chart__header">
        <h2 id={titleId}>{title}</h2>
        <div className="chart__tools">
          {controls}
          <button
            type="button"
            className="button"
            disabled={table.rows.length === 0}
            onClick={() => downloadCsv(`${csvName}.csv`, table.header, table.rows)}
          >
            {t('common.downloadCsv')}
          </button>
        </div>
      </div>
      {description && <p className="chart__description">{description}</p>}
      {figures}
      {empty ? <p className="empty">{t('dashboard.noData')}</p> : children}
      {table.rows.length > 0 && (
        <details className="chart__table">
          <summary>{t('dashboard.numbers')}</summary>
          <table className="table table--compact">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {table.header.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, index) => (
                <tr key={index}>
                  {row.map((cell, column) => (
                    <td key={column} className={typeof cell === 'number' ? 'numeric' : undefined}>
                      {shown(cell)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
