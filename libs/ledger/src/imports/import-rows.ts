import { AcquisitionChannel, normaliseEmail, normalisePhone, type Program } from '@loyalty/domain';
import type { ImportKind, MemberToImport, PurchaseToImport } from '@loyalty/persistence';
import { searchNameOf } from '@loyalty/persistence';
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** One row of an import file: its line, and its fields as the file gave them. */
export interface SourceRow {
  readonly line: number;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A field of a row the import refuses, and why: reported per row, never stopping the run. */
export class RowProblem extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(detail);
  }
}

export type SourceFormat = 'csv' | 'ndjson';

export const formatOf = (path: string): SourceFormat =>
  /\.(nd)?jsonl?$/i.test(path) ? 'ndjson' : 'csv';

/**
 * The rows of a CSV (a header line names the columns) or NDJSON (one JSON object per line)
 * file, streamed: a file of millions of rows is never held in memory. A line that is not JSON
 * comes as a row with no fields and its parse error.
 */
export async function* readRows(
  path: string,
  format: SourceFormat,
): AsyncGenerator<SourceRow & { readonly unreadable?: string }> {
  if (format === 'csv') {
    const parser = createReadStream(path).pipe(
      parse({ columns: true, skip_empty_lines: true, trim: true, info: true, bom: true }),
    );
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield { line: info.lines, fields: record };
    }
    return;
  }
  let line = 0;
  for await (const text of createInterface({
    input: createReadStream(path),
    crlfDelay: Infinity,
  })) {
    line += 1;
    if (text.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        yield { line, fields: {}, unreadable: 'each line is one JSON object' };
      } else {
        yield { line, fields: value as Record<string, unknown> };
      }
    } catch {
      yield { line, fields: {}, unreadable: 'this line is not JSON' };
    }
  }
}

const MAX_POINTS = 1_000_000_000;
const MAX_AMOUNT_MINOR = 100_000_000_000;

/** The field as text, trimmed; undefined when absent or empty. */
function text(fields: SourceRow['fields'], name: string, maxLength: number): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new RowProblem(name, `${name} must be text`);
  }
  const trimmed = String(value).trim();
  if (trimmed === '') return undefined;
  if (trimmed.length > maxLength) {
    throw new RowProblem(name, `${name} must be at most ${maxLength} characters`);
  }
  return trimmed;
}

function required(fields: SourceRow['fields'], name: string, maxLength: number): string {
  const value = text(fields, name, maxLength);
  if (value === undefined) throw new RowProblem(name, `${name} is required`);
  return value;
}

function integer(fields: SourceRow['fields'], name: string, min: number, max: number): number {
  const raw = required(fields, name, 20);
  if (!/^-?\d+$/.test(raw)) throw new RowProblem(name, `${name} must be a whole number`);
  const value = Number(raw);
  if (value < min || value > max) {
    throw new RowProblem(name, `${name} must be between ${min} and ${max}`);
  }
  return value;
}

/** An instant (ISO 8601; a date alone is midnight UTC). */
function instant(fields: SourceRow['fields'], name: string): Date | undefined {
  const raw = text(fields, name, 40);
  if (raw === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw)) {
    throw new RowProblem(name, `${name} must be an ISO 8601 date or date-time`);
  }
  const at = new Date(raw.length === 10 ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(at.getTime())) throw new RowProblem(name, `${name} is not a real date`);
  return at;
}

function past(fields: SourceRow['fields'], name: string, now: Date): Date {
  const at = instant(fields, name);
  if (!at) throw new RowProblem(name, `${name} is required`);
  if (at > now) throw new RowProblem(name, `${name} is in the future`);
  return at;
}

function flag(fields: SourceRow['fields'], name: string): boolean {
  const value = fields[name];
  if (value === undefined || value === null || value === '') return false;
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new RowProblem(name, `${name} must be true or false`);
  }
  const normalised = String(value).trim().toLowerCase();
  if (['true', 'yes', '1'].includes(normalised)) return true;
  if (['false', 'no', '0'].includes(normalised)) return false;
  throw new RowProblem(name, `${name} must be true or false`);
}

/** What the import checks rows against: the program and its stores. */
export interface ImportContext {
  readonly program: Program;
  readonly storesByCode: ReadonlyMap<string, string>;
  readonly now: Date;
}

function storeOf(fields: SourceRow['fields'], context: ImportContext): string {
  const code = required(fields, 'storeCode', 64);
  const storeId = context.storesByCode.get(code);
  if (!storeId) throw new RowProblem('storeCode', `the program has no store with code ${code}`);
  return storeId;
}

const CHANNELS = new Set<string>(Object.values(AcquisitionChannel));

/** externalId, name, email, phone, storeCode, enrolledAt, acquisitionChannel, marketingConsent. */
export function memberRow(fields: SourceRow['fields'], context: ImportContext): MemberToImport {
  const name = text(fields, 'name', 200) ?? null;
  const emailText = text(fields, 'email', 254);
  if (emailText !== undefined && !/^[^\s@]+@[^\s@]+$/.test(emailText)) {
    throw new RowProblem('email', 'email must be an email address');
  }
  const phoneText = text(fields, 'phone', 32);
  const phone = phoneText ? normalisePhone(phoneText, context.program.phoneRegion) : null;
  if (phoneText && !phone) {
    throw new RowProblem(
      'phone',
      "phone is not a valid number (national ones in the program's country)",
    );
  }
  if (!emailText && !phone) throw new RowProblem('email', 'a member needs an email or a phone');
  const channel = text(fields, 'acquisitionChannel', 32) ?? AcquisitionChannel.Other;
  if (!CHANNELS.has(channel)) {
    throw new RowProblem(
      'acquisitionChannel',
      `acquisitionChannel must be one of ${[...CHANNELS].join(', ')}`,
    );
  }
  return {
    externalId: required(fields, 'externalId', 100),
    name,
    searchName: searchNameOf(name),
    email: emailText ? normaliseEmail(emailText) : null,
    phone,
    storeId: storeOf(fields, context),
    acquisitionChannel: channel,
    marketingConsent: flag(fields, 'marketingConsent'),
    enrolledAt: past(fields, 'enrolledAt', context.now),
  };
}

/** One lot of a member's opening balance, with the dates it had in the other system. */
export interface BalanceToImport {
  readonly externalId: string;
  readonly reference: string;
  readonly points: number;
  readonly availableFrom: Date;
  readonly expiresAt: Date | null;
}

/** externalId, reference (the lot's id there), points, expiresAt, availableFrom. */
export function balanceRow(fields: SourceRow['fields'], context: ImportContext): BalanceToImport {
  const expiresAt = instant(fields, 'expiresAt') ?? null;
  if (expiresAt && expiresAt <= context.now) {
    throw new RowProblem('expiresAt', 'these points expired already: nothing to import');
  }
  const availableFrom = instant(fields, 'availableFrom') ?? context.now;
  if (expiresAt && availableFrom >= expiresAt) {
    throw new RowProblem('availableFrom', 'availableFrom comes before expiresAt');
  }
  return {
    externalId: required(fields, 'externalId', 100),
    reference: required(fields, 'reference', 100),
    points: integer(fields, 'points', 1, MAX_POINTS),
    availableFrom,
    expiresAt,
  };
}

/** externalId, storeCode, receiptId, amountMinor, currency (the program's), occurredAt. */
export function purchaseRow(fields: SourceRow['fields'], context: ImportContext): PurchaseToImport {
  const currency = text(fields, 'currency', 3) ?? context.program.currency;
  if (currency !== context.program.currency) {
    throw new RowProblem('currency', `the program counts in ${context.program.currency}`);
  }
  return {
    externalId: required(fields, 'externalId', 100),
    storeId: storeOf(fields, context),
    receiptId: required(fields, 'receiptId', 64),
    amountMinor: integer(fields, 'amountMinor', 1, MAX_AMOUNT_MINOR),
    currency,
    occurredAt: past(fields, 'occurredAt', context.now),
  };
}

export const IMPORT_KINDS: readonly ImportKind[] = ['members', 'balances', 'purchases'];
