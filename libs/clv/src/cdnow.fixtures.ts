import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The CDNOW sample (test/fixtures/cdnow), as the validation specs read it. */
const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'cdnow');

export interface CdnowSummaryRow {
  id: string;
  frequency: number;
  recency: number;
  T: number;
  monetary: number;
}

/** `ID,x,t_x,T,zbar` in weeks, calibration to 1997-09-30. */
export function cdnowSummaries(): CdnowSummaryRow[] {
  const [, ...lines] = readFileSync(
    join(FIXTURES, 'cdnow_customers_summary_with_transactions.csv'),
    'utf8',
  )
    .trim()
    .split(/\r?\n/);
  return lines.map((line) => {
    const [id, x, tx, T, zbar] = line.split(',');
    return {
      id: id!,
      frequency: Number(x),
      recency: Number(tx),
      T: Number(T),
      monetary: Number(zbar),
    };
  });
}

export const cdnowTransactionsText = (): string =>
  readFileSync(join(FIXTURES, 'CDNOW_sample.txt'), 'utf8');
