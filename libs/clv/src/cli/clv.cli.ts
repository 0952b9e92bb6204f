import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type ColumnNames,
  DEFAULT_COLUMNS,
  parseDay,
  parseTransactionsCsv,
} from './transactions-csv';
import { runClv, SCORES_HEADER, scoreLine } from './run-clv';

const USAGE = `usage: npm run clv -- fit --transactions FILE.csv --calibration-end DATE
    [--model bgnbd|pareto] [--time-unit day|week] [--horizon-months 12]
    [--annual-discount 0.1] [--margin 0.3] [--penalty 0] [--scores OUT.csv]
    [--columns customer_id=NAME,date=NAME,amount=NAME]`;

class UsageError extends Error {}

function number(
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
) {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

function columnsOf(text: string | undefined): ColumnNames {
  if (!text) return DEFAULT_COLUMNS;
  const names: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const [key, value] = pair.split('=');
    if (!key || !value || !['customer_id', 'date', 'amount'].includes(key)) {
      throw new UsageError(`--columns takes customer_id=…,date=…,amount=…; got "${pair}"`);
    }
    names[key] = value;
  }
  return {
    customerId: names.customer_id ?? DEFAULT_COLUMNS.customerId,
    date: names.date ?? DEFAULT_COLUMNS.date,
    amount: names.amount ?? DEFAULT_COLUMNS.amount,
  };
}

export function main(argv: readonly string[]): number {
  try {
    const { positionals, values } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        transactions: { type: 'string' },
        'calibration-end': { type: 'string' },
        model: { type: 'string', default: 'bgnbd' },
        'time-unit': { type: 'string', default: 'week' },
        'horizon-months': { type: 'string' },
        'annual-discount': { type: 'string' },
        margin: { type: 'string' },
        penalty: { type: 'string' },
        scores: { type: 'string' },
        columns: { type: 'string' },
      },
    });
    if (positionals[0] !== 'fit' || !values.transactions || !values['calibration-end']) {
      throw new UsageError(USAGE);
    }
    const calibrationEnd = parseDay(values['calibration-end']);
    if (!calibrationEnd) throw new UsageError('--calibration-end must be YYYY-MM-DD or YYYYMMDD');
    if (values.model !== 'bgnbd' && values.model !== 'pareto') {
      throw new UsageError('--model must be bgnbd or pareto');
    }
    if (values['time-unit'] !== 'day' && values['time-unit'] !== 'week') {
      throw new UsageError('--time-unit must be day or week');
    }
    const transactions = parseTransactionsCsv(
      readFileSync(values.transactions, 'utf8'),
      columnsOf(values.columns),
    );
    const { report, scores } = runClv(transactions, {
      calibrationEnd,
      model: values.model,
      timeUnit: values['time-unit'],
      horizonMonths: number('horizon-months', values['horizon-months'], 12, 1, 600),
      annualDiscount: number('annual-discount', values['annual-discount'], 0.1, 0, 10),
      margin: number('margin', values.margin, 0.3, 0, 1),
      penalty: number('penalty', values.penalty, 0, 0, 100),
    });
    if (values.scores) {
      writeFileSync(values.scores, [SCORES_HEADER, ...scores.map(scoreLine), ''].join('\n'));
    }
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
