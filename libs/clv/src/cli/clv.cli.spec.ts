import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cdnowTransactionsText } from '../cdnow.fixtures';
import { main } from './clv.cli';
import { MalformedCsvError, parseTransactionsCsv } from './transactions-csv';

/** CDNOW as a CSV with its own column names, as BTYD's cdnowElog has them. */
const cdnowCsv = (): string =>
  [
    'masterid,sampleid,date,cds,sales',
    ...cdnowTransactionsText()
      .trim()
      .split(/\r?\n/)
      .map((line) => line.trim().split(/\s+/).join(',')),
  ].join('\n');

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('the clv command line', () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'clv-cli-'));
    writeFileSync(join(directory, 'cdnow.csv'), cdnowCsv());
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('fits BG/NBD and Gamma-Gamma on CDNOW, reports the holdout and writes scores', () => {
    const scores = join(directory, 'scores.csv');
    const result = run([
      'fit',
      '--transactions',
      join(directory, 'cdnow.csv'),
      '--columns',
      'customer_id=sampleid,date=date,amount=sales',
      '--calibration-end',
      '1997-09-30',
      '--time-unit',
      'week',
      '--scores',
      scores,
    ]);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(result.stdout) as {
      customers: number;
      purchaseModel: {
        model: string;
        parameters: Record<string, number>;
        logLikelihood: number;
        converged: boolean;
      };
      spendModel: { parameters: { p: number } };
      holdout: { length: number; actualTotal: number; predictedTotal: number };
    };
    expect(report.customers).toBe(2357);
    expect(report.purchaseModel).toMatchObject({ model: 'bg-nbd', converged: true });
    expect(Math.abs(report.purchaseModel.parameters.r! - 0.2426)).toBeLessThan(1e-3);
    expect(Math.abs(report.purchaseModel.logLikelihood + 9582.43)).toBeLessThan(0.05);
    expect(Math.abs(report.spendModel.parameters.p - 6.25)).toBeLessThan(0.02);
    expect(report.holdout).toMatchObject({ length: 39, actualTotal: 1882 });
    const lines = readFileSync(scores, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'customer_id,frequency,recency,T,monetary,p_alive,expected_purchases,expected_value,clv',
    );
    expect(lines).toHaveLength(2358);
  });

  it('refuses a malformed row, naming its line, and writes nothing', () => {
    writeFileSync(
      join(directory, 'bad.csv'),
      'customer_id,date,amount\na,2026-01-01,10.5\nb,2026-13-01,3\n',
    );
    const result = run([
      'fit',
      '--transactions',
      join(directory, 'bad.csv'),
      '--calibration-end',
      '2026-06-30',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('line 3: date "2026-13-01" is not YYYY-MM-DD or YYYYMMDD');
  });

  it.each([
    [
      'a missing column',
      'customer,date,amount\nx,2026-01-01,1',
      'line 1: the header has no column "customer_id"',
    ],
    ['a short row', 'customer_id,date,amount\nx,2026-01-01', 'line 2: expected 3 fields, found 2'],
    [
      'a non-decimal amount',
      'customer_id,date,amount\nx,20260101,1e3',
      'line 2: amount "1e3" is not a decimal number',
    ],
  ])('reports %s', (_, text, message) => {
    expect(() => parseTransactionsCsv(text)).toThrow(MalformedCsvError);
    expect(() => parseTransactionsCsv(text)).toThrow(message);
  });

  it('answers bad options with usage errors (exit 2)', () => {
    expect(run(['fit']).code).toBe(2);
    expect(run(['fit', '--transactions', 'x.csv', '--calibration-end', 'soon']).stderr).toContain(
      '--calibration-end must be YYYY-MM-DD or YYYYMMDD',
    );
  });
});
