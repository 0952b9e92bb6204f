import { DomainError, DomainErrorCode } from '@loyalty/domain';
import {
  type ImportKind,
  ImportRepository,
  requestFingerprint,
  type RowOutcome,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { ProgramSettings } from '../common/program-settings';
import { type LedgerOperation, settleEach } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import {
  balanceRow,
  type BalanceToImport,
  formatOf,
  type ImportContext,
  memberRow,
  purchaseRow,
  readRows,
  RowProblem,
  type SourceRow,
} from './import-rows';
import { planOpeningBalance } from './opening-balance.plan';

/** A row the import refused, with the field at fault. */
export interface RowError {
  readonly line: number;
  readonly field: string;
  readonly detail: string;
}

export interface ImportSummary {
  readonly kind: ImportKind;
  readonly rows: number;
  readonly imported: number;
  readonly skipped: number;
  readonly failed: number;
  /** Rows a previous run of the same file had committed, not read again. */
  readonly resumedAfter: number;
  readonly errors: readonly RowError[];
}

/** Rows written per transaction: large enough to be set-based, small enough to resume soon. */
export const IMPORT_CHUNK_ROWS = 5_000;
/** Refused rows a file's summary lists; the CLI writes every one to the errors file as it goes. */
export const IMPORT_ERRORS_KEPT = 1_000;
/** The most rows one HTTP request imports; a file goes through `npm run import`. */
export const IMPORT_REQUEST_ROWS = 1_000;

/** Claims of opening balances are the import's own, never a caller's. */
const IMPORT_CALLER = 'import';

interface BalanceItem {
  readonly programId: string;
  readonly balance: BalanceToImport;
}

const sha256Of = async (path: string): Promise<string> => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

/**
 * Brings a program's members, opening balances and purchase history from another system
 * (docs/decisions/0016-imports.md), from a file (`npm run import`) or a request's rows (the admin
 * route). Every row is idempotent: members by their id there, balances by their lot's reference,
 * purchases by store and receipt; a row imported before is skipped. A bad row is reported with
 * its line and field and the rest go on. A file's run records how far it committed, so a run cut
 * short resumes after the last committed chunk.
 */
@Injectable()
export class ImportHistoryUseCase {
  private readonly openingBalance: LedgerOperation<
    BalanceItem,
    { memberId: string },
    Parameters<typeof planOpeningBalance>[1],
    { readonly transactionId: string; readonly memberId: string }
  > = {
    name: 'opening-balance',
    maxBatch: 256,
    maxInFlight: 2,
    claimOf: ({ programId, balance }) => ({
      programId,
      caller: IMPORT_CALLER,
      key: `balance:${balance.reference}`,
      requestHash: requestFingerprint('opening-balance', balance),
    }),
    conflictKeysOf: ({ balance }) => [`import\n${balance.reference}`, `ext\n${balance.externalId}`],
    identify: async (transaction, programId, items) => {
      const members = await transaction.reads.membersByExternalId(
        programId,
        items.map((item) => item.balance.externalId),
      );
      return settleEach(items, ({ balance }) => {
        const member = members.get(balance.externalId);
        if (!member) {
          throw new RowProblem(
            'externalId',
            'no imported member has this externalId: import the members first',
          );
        }
        if (member.erased) throw new RowProblem('externalId', 'the member erased their data');
        return Promise.resolve({ memberIds: [member.memberId], found: member });
      });
    },
    load: (_, __, items) =>
      Promise.resolve(
        items.map(({ found, accounts }) => ({
          ok: true as const,
          value: { ...accounts.get(found.memberId)!, lots: [] },
        })),
      ),
    plan: (item, member, context) => planOpeningBalance(item.balance, member, context),
  };

  constructor(
    private readonly imports: ImportRepository,
    private readonly settings: ProgramSettings,
    private readonly writer: LedgerWriter,
  ) {}

  /**
   * A file, resuming its earlier run if it had one. `onChunk` hears each committed chunk with the
   * rows it refused (a file of millions of bad rows is never held in memory: the summary keeps the
   * first IMPORT_ERRORS_KEPT).
   */
  async importFile(
    programId: string,
    kind: ImportKind,
    path: string,
    onChunk: (summary: ImportSummary, refused: readonly RowError[]) => Promise<void> | void = () =>
      undefined,
  ): Promise<ImportSummary> {
    const run = await this.imports.startOrResume(
      programId,
      kind,
      basename(path),
      await sha256Of(path),
    );
    const totals = {
      rows: run.rowsDone,
      imported: run.imported,
      skipped: run.skipped,
      failed: run.failed,
    };
    const errors: RowError[] = [];
    const summary = (): ImportSummary => ({ kind, ...totals, resumedAfter: run.rowsDone, errors });
    if (run.finished) return summary();
    const context = await this.contextOf(programId);
    let chunk: SourceRow[] = [];
    let seen = 0;
    const flush = async (last: boolean) => {
      const rows = chunk;
      chunk = [];
      const outcome = await this.writeChunk(
        kind,
        context,
        rows,
        async (counts) => {
          await this.imports.recordProgress(run.id, counts, last);
        },
        run.id,
      );
      totals.rows += rows.length;
      totals.imported += outcome.imported;
      totals.skipped += outcome.skipped;
      totals.failed += outcome.errors.length;
      errors.push(...outcome.errors.slice(0, Math.max(IMPORT_ERRORS_KEPT - errors.length, 0)));
      await onChunk(summary(), outcome.errors);
    };
    for await (const row of readRows(path, formatOf(path))) {
      seen += 1;
      // Rows the earlier run committed are read past, not written again.
      if (seen <= run.rowsDone) continue;
      chunk.push(row);
      if (chunk.length === IMPORT_CHUNK_ROWS) await flush(false);
    }
    await flush(true);
    return summary();
  }

  /** Rows sent in one request (at most IMPORT_REQUEST_ROWS), each idempotent. */
  async importRows(
    programId: string,
    kind: ImportKind,
    fields: readonly Readonly<Record<string, unknown>>[],
  ): Promise<ImportSummary> {
    if (fields.length > IMPORT_REQUEST_ROWS) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        `at most ${IMPORT_REQUEST_ROWS} rows per request: import a file with npm run import`,
        'rows',
      );
    }
    const context = await this.contextOf(programId);
    const rows = fields.map((row, index) => ({ line: index + 1, fields: row }));
    const outcome = await this.writeChunk(kind, context, rows, () => Promise.resolve(), null);
    return {
      kind,
      rows: rows.length,
      imported: outcome.imported,
      skipped: outcome.skipped,
      failed: outcome.errors.length,
      resumedAfter: 0,
      errors: outcome.errors,
    };
  }

  private async contextOf(programId: string): Promise<ImportContext> {
    return {
      program: await this.settings.program(programId),
      storesByCode: await this.imports.storesByCode(programId),
      now: new Date(),
    };
  }

  /**
   * Checks each row, writes the good ones and counts the outcome; members and purchases with
   * `progress` in one transaction, balances each through the ledger's writer (whose claims make a
   * replayed row a skip) and then `progress`.
   */
  private async writeChunk(
    kind: ImportKind,
    context: ImportContext,
    rows: readonly (SourceRow & { unreadable?: string })[],
    progress: (counts: {
      rows: number;
      imported: number;
      skipped: number;
      failed: number;
    }) => Promise<void>,
    importId: string | null,
  ): Promise<{ imported: number; skipped: number; errors: RowError[] }> {
    const errors: RowError[] = [];
    const parse = <T>(read: (fields: SourceRow['fields'], context: ImportContext) => T) => {
      const good: { line: number; value: T }[] = [];
      for (const row of rows) {
        if (row.unreadable) {
          errors.push({ line: row.line, field: '', detail: row.unreadable });
          continue;
        }
        try {
          good.push({ line: row.line, value: read(row.fields, context) });
        } catch (error) {
          if (!(error instanceof RowProblem)) throw error;
          errors.push({ line: row.line, field: error.field, detail: error.message });
        }
      }
      return good;
    };
    let outcomes: { line: number; outcome: RowOutcome }[];
    const programId = context.program.id;
    if (kind === 'balances') {
      const good = parse(balanceRow);
      outcomes = await Promise.all(
        good.map(async ({ line, value }) => {
          try {
            const answer = await this.writer.submit(this.openingBalance, programId, {
              programId,
              balance: value,
            });
            return {
              line,
              outcome: { kind: answer.replayed ? 'skipped' : 'imported' } as RowOutcome,
            };
          } catch (error) {
            if (error instanceof RowProblem) {
              return {
                line,
                outcome: {
                  kind: 'failed',
                  field: error.field,
                  detail: error.message,
                } as RowOutcome,
              };
            }
            if (error instanceof DomainError) {
              return {
                line,
                outcome: {
                  kind: 'failed',
                  field: error.field ?? '',
                  detail: error.message,
                } as RowOutcome,
              };
            }
            throw error;
          }
        }),
      );
      await this.countInto(outcomes, errors, rows.length, progress);
    } else {
      outcomes = await this.imports.inChunk(async () => {
        const written =
          kind === 'members'
            ? await this.withLines(parse(memberRow), (members) =>
                this.imports.insertMembers(programId, members),
              )
            : await this.withLines(parse(purchaseRow), (purchases) =>
                this.imports.insertPurchases(programId, purchases, importId ?? 'request'),
              );
        await this.countInto(written, errors, rows.length, progress);
        return written;
      });
    }
    errors.sort((a, b) => a.line - b.line);
    return {
      imported: outcomes.filter((o) => o.outcome.kind === 'imported').length,
      skipped: outcomes.filter((o) => o.outcome.kind === 'skipped').length,
      errors,
    };
  }

  private async withLines<T>(
    good: readonly { line: number; value: T }[],
    write: (values: T[]) => Promise<RowOutcome[]>,
  ): Promise<{ line: number; outcome: RowOutcome }[]> {
    const outcomes = await write(good.map((row) => row.value));
    return good.map((row, index) => ({ line: row.line, outcome: outcomes[index]! }));
  }

  /** Adds the failed writes to the errors and records the chunk's counts. */
  private async countInto(
    outcomes: readonly { line: number; outcome: RowOutcome }[],
    errors: RowError[],
    rows: number,
    progress: (counts: {
      rows: number;
      imported: number;
      skipped: number;
      failed: number;
    }) => Promise<void>,
  ): Promise<void> {
    for (const { line, outcome } of outcomes) {
      if (outcome.kind === 'failed')
        errors.push({ line, field: outcome.field, detail: outcome.detail });
    }
    await progress({
      rows,
      imported: outcomes.filter((o) => o.outcome.kind === 'imported').length,
      skipped: outcomes.filter((o) => o.outcome.kind === 'skipped').length,
      failed: errors.length,
    });
  }
}
