import { JournalTransactionKind } from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Database } from '../../database';
import type { ColumnsOf, ImportsRow } from '../../schema/rows';
import { bindNamed } from '../../statements/named-parameters';

export type ImportKind = 'members' | 'balances' | 'purchases';

/** How a row of an import ended: written, already there (a re-run), or refused with a reason. */
export type RowOutcome =
  | { readonly kind: 'imported' }
  | { readonly kind: 'skipped' }
  | { readonly kind: 'failed'; readonly field: string; readonly detail: string };

export interface ImportRun {
  readonly id: string;
  readonly rowsDone: number;
  readonly imported: number;
  readonly skipped: number;
  readonly failed: number;
  readonly finished: boolean;
}

export interface MemberToImport {
  readonly externalId: string;
  readonly name: string | null;
  readonly searchName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly storeId: string;
  readonly acquisitionChannel: string;
  readonly marketingConsent: boolean;
  readonly enrolledAt: Date;
}

export interface PurchaseToImport {
  readonly externalId: string;
  readonly storeId: string;
  readonly receiptId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly occurredAt: Date;
}

/**
 * The set-based writes of an import (docs/decisions/0016-imports.md): a chunk of members or of
 * past purchases in one statement, idempotent per row (a row already imported is skipped, never
 * written twice), with the run's progress recorded in the same transaction, so a run cut short
 * resumes at the first row it had not committed. Opening balances go through the ledger's
 * writer instead (ImportHistoryUseCase), as every write of points does.
 */
@Injectable()
export class ImportRepository {
  constructor(private readonly database: Database) {}

  /** The run of this file (by its hash) for the program, started now or left off before. */
  async startOrResume(
    programId: string,
    kind: ImportKind,
    sourceName: string,
    sourceSha256: string,
  ): Promise<ImportRun> {
    const [row] = await this.database.query<
      (ColumnsOf<'imports', 'id' | 'imported' | 'skipped' | 'failed'> & {
        rowsDone: ImportsRow['rows_done'];
        finished: boolean;
      })[]
    >(
      `INSERT INTO imports (id, program_id, kind, source_name, source_sha256)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (program_id, kind, source_sha256)
       DO UPDATE SET source_name = EXCLUDED.source_name
       RETURNING id, rows_done AS "rowsDone", imported, skipped, failed,
                 status = 'finished' AS finished`,
      [randomUUID(), programId, kind, sourceName, sourceSha256],
    );
    return row!;
  }

  /** Runs a chunk's writes and its progress in one transaction. */
  inChunk<T>(work: () => Promise<T>): Promise<T> {
    return this.database.transaction(() => work());
  }

  async recordProgress(
    importId: string,
    chunk: { rows: number; imported: number; skipped: number; failed: number },
    finished: boolean,
  ): Promise<void> {
    await this.database.query(
      `UPDATE imports SET rows_done = rows_done + $2, imported = imported + $3,
              skipped = skipped + $4, failed = failed + $5,
              status = CASE WHEN $6 THEN 'finished' ELSE status END,
              finished_at = CASE WHEN $6 THEN now() ELSE finished_at END
        WHERE id = $1`,
      [importId, chunk.rows, chunk.imported, chunk.skipped, chunk.failed, finished],
    );
  }

  /** The program's stores by code. */
  async storesByCode(programId: string): Promise<Map<string, string>> {
    const rows = await this.database.query<ColumnsOf<'stores', 'id' | 'code'>[]>(
      `SELECT id, code FROM stores WHERE program_id = $1`,
      [programId],
    );
    return new Map(rows.map((row) => [row.code, row.id]));
  }

  /**
   * Members, each under their id in the other system: one already imported is skipped; one whose
   * email or phone another member holds (or who appears twice in the chunk) is refused.
   */
  async insertMembers(
    programId: string,
    members: readonly MemberToImport[],
  ): Promise<RowOutcome[]> {
    if (members.length === 0) return [];
    const [text, parameters] = bindNamed(
      `WITH input AS (
         SELECT * FROM unnest(:external_id::text[], :name::text[], :search_name::text[],
             :email::text[], :phone::text[], :store_id::uuid[], :channel::text[],
             :consent::boolean[], :enrolled_at::timestamptz[]) WITH ORDINALITY
           AS r(external_id, name, search_name, email, phone, store_id, channel, consent,
                enrolled_at, n)),
       existing AS (
         SELECT external_id FROM members
          WHERE program_id = :program_id AND external_id = ANY(:external_id::text[])),
       inserted AS (
         INSERT INTO members (program_id, external_id, name, search_name, email, phone,
             enrolled_store_id, acquisition_channel, marketing_consent, marketing_consent_at,
             enrolled_at)
         SELECT :program_id, external_id, name, search_name, email, phone, store_id, channel,
                consent, CASE WHEN consent THEN enrolled_at END, enrolled_at
           FROM input
         ON CONFLICT DO NOTHING
         RETURNING external_id)
       SELECT r.n::int AS n, (i.external_id IS NOT NULL) AS inserted,
              (e.external_id IS NOT NULL) AS existed
         FROM input r
         LEFT JOIN inserted i ON i.external_id = r.external_id
         LEFT JOIN existing e ON e.external_id = r.external_id
        ORDER BY r.n`,
      {
        program_id: programId,
        external_id: members.map((m) => m.externalId),
        name: members.map((m) => m.name),
        search_name: members.map((m) => m.searchName),
        email: members.map((m) => m.email),
        phone: members.map((m) => m.phone),
        store_id: members.map((m) => m.storeId),
        channel: members.map((m) => m.acquisitionChannel),
        consent: members.map((m) => m.marketingConsent),
        enrolled_at: members.map((m) => m.enrolledAt.toISOString()),
      },
    );
    const rows = await this.database.query<{ n: number; inserted: boolean; existed: boolean }[]>(
      text,
      parameters,
    );
    // Two rows of one chunk with the same id: the first is written, the second refused below.
    const claimed = new Set<string>();
    return rows.map((row, index): RowOutcome => {
      const externalId = members[index]!.externalId;
      if (row.inserted && !claimed.has(externalId)) {
        claimed.add(externalId);
        return { kind: 'imported' };
      }
      if (row.existed) return { kind: 'skipped' };
      return {
        kind: 'failed',
        field: claimed.has(externalId) ? 'externalId' : 'email',
        detail: claimed.has(externalId)
          ? 'this externalId appears twice in the file'
          : 'another member of the program already has this email or phone',
      };
    });
  }

  /**
   * Past purchases of imported members, under one `import` journal transaction that moves no
   * points: their points came with the opening balances. A purchase of a member merged since
   * goes to the member it was merged into; a receipt already recorded at its store is skipped.
   */
  async insertPurchases(
    programId: string,
    purchases: readonly PurchaseToImport[],
    importId: string,
  ): Promise<RowOutcome[]> {
    if (purchases.length === 0) return [];
    const journalId = randomUUID();
    await this.database.query(
      `INSERT INTO journal_transactions (id, program_id, kind, actor_kind, details)
       VALUES ($1, $2, $3, 'system', $4)`,
      [journalId, programId, JournalTransactionKind.Import, JSON.stringify({ importId })],
    );
    const [text, parameters] = bindNamed(
      `WITH input AS (
         SELECT * FROM unnest(:id::uuid[], :external_id::text[], :store_id::uuid[],
             :receipt_id::text[], :amount_minor::bigint[], :currency::char(3)[],
             :occurred_at::timestamptz[]) WITH ORDINALITY
           AS r(id, external_id, store_id, receipt_id, amount_minor, currency, occurred_at, n)),
       matched AS (
         SELECT r.*, coalesce(m.merged_into_member_id, m.id) AS member_id
           FROM input r
           JOIN members m ON m.program_id = :program_id AND m.external_id = r.external_id),
       inserted AS (
         INSERT INTO purchases (id, program_id, member_id, store_id, receipt_id, amount_minor,
             currency, occurred_at, earning_rule_set_id, points_earned, earn_transaction_id,
             recorded_at)
         SELECT id, :program_id, member_id, store_id, receipt_id, amount_minor, currency,
                occurred_at, NULL, 0, :journal_id, occurred_at
           FROM matched
         ON CONFLICT DO NOTHING
         RETURNING id)
       SELECT r.n::int AS n, (m.id IS NOT NULL) AS member_found, (i.id IS NOT NULL) AS inserted
         FROM input r
         LEFT JOIN matched m ON m.n = r.n
         LEFT JOIN inserted i ON i.id = r.id
        ORDER BY r.n`,
      {
        program_id: programId,
        journal_id: journalId,
        id: purchases.map(() => randomUUID()),
        external_id: purchases.map((p) => p.externalId),
        store_id: purchases.map((p) => p.storeId),
        receipt_id: purchases.map((p) => p.receiptId),
        amount_minor: purchases.map((p) => p.amountMinor),
        currency: purchases.map((p) => p.currency),
        occurred_at: purchases.map((p) => p.occurredAt.toISOString()),
      },
    );
    const rows = await this.database.query<
      { n: number; member_found: boolean; inserted: boolean }[]
    >(text, parameters);
    return rows.map((row): RowOutcome => {
      if (row.inserted) return { kind: 'imported' };
      if (!row.member_found) {
        return {
          kind: 'failed',
          field: 'externalId',
          detail: 'no imported member has this externalId: import the members first',
        };
      }
      return { kind: 'skipped' };
    });
  }
}
