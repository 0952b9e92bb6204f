import type { Transaction } from '../summary/transactions';

export interface ColumnNames {
  readonly customerId: string;
  readonly date: string;
  readonly amount: string;
}

export const DEFAULT_COLUMNS: ColumnNames = {
  customerId: 'customer_id',
  date: 'date',
  amount: 'amount',
};

export class MalformedCsvError extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(`line ${line}: ${problem}`);
    this.name = 'MalformedCsvError';
  }
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/;
const COMPACT_DAY = /^(\d{4})(\d{2})(\d{2})$/;
const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** YYYY-MM-DD from an ISO-8601 date (or date-time) or YYYYMMDD, or null when it is neither. */
export function parseDay(text: string): string | null {
  const match = ISO_DAY.exec(text) ?? COMPACT_DAY.exec(text);
  if (!match) return null;
  const day = `${match[1]}-${match[2]}-${match[3]}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(day) ? day : null;
}

const cells = (line: string): string[] =>
  line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));

/**
 * Transactions from CSV text with a header row. Every row must be complete and well formed: a
 * bad one stops the parse with its line number — nothing is dropped silently. Fields are plain
 * (no commas inside quotes).
 */
export function parseTransactionsCsv(
  text: string,
  columns: ColumnNames = DEFAULT_COLUMNS,
): Transaction[] {
  const lines = text.split(/\r?\n/);
  const header = cells(lines[0] ?? '');
  const index = (name: string): number => {
    const at = header.indexOf(name);
    if (at < 0) throw new MalformedCsvError(1, `the header has no column "${name}"`);
    return at;
  };
  const [idAt, dateAt, amountAt] = [
    index(columns.customerId),
    index(columns.date),
    index(columns.amount),
  ];
  const transactions: Transaction[] = [];
  for (let number = 2; number <= lines.length; number += 1) {
    const line = lines[number - 1]!;
    if (line.trim() === '') continue;
    const row = cells(line);
    if (row.length !== header.length) {
      throw new MalformedCsvError(number, `expected ${header.length} fields, found ${row.length}`);
    }
    const customerId = row[idAt]!;
    if (!customerId) throw new MalformedCsvError(number, `${columns.customerId} is empty`);
    const day = parseDay(row[dateAt]!);
    if (!day) {
      throw new MalformedCsvError(
        number,
        `${columns.date} "${row[dateAt]}" is not YYYY-MM-DD or YYYYMMDD`,
      );
    }
    if (!DECIMAL.test(row[amountAt]!)) {
      throw new MalformedCsvError(
        number,
        `${columns.amount} "${row[amountAt]}" is not a decimal number`,
      );
    }
    transactions.push({ customerId, day, amount: Number(row[amountAt]) });
  }
  return transactions;
}
