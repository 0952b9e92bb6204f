import type { DataSource } from 'typeorm';
import { violatedUniqueConstraint } from '../../unique-violation';
import type { ColumnsOf } from '../../schema/rows';

/**
 * Per-program documents kept as immutable versions (earning rules, value policies): a table with
 * program_id, version, effective_from, a jsonb document column and created_by_staff_id, unique
 * on (program_id, version). The version in force at a moment is the latest effective by then.
 */
export interface VersionedTable {
  readonly table: string;
  readonly documentColumn: string;
  readonly versionKey: string;
}

export interface VersionRow<D> extends ColumnsOf<
  'earning_rule_sets',
  'id' | 'program_id' | 'version' | 'effective_from' | 'created_at'
> {
  document: D;
}

const selectFrom = ({ table, documentColumn }: VersionedTable) =>
  `SELECT id, program_id, version, effective_from, ${documentColumn} AS document, created_at
     FROM ${table}`;

export async function versionInForceAt<D>(
  dataSource: DataSource,
  spec: VersionedTable,
  programId: string,
  at: Date,
): Promise<VersionRow<D> | null> {
  const [row] = await dataSource.query<VersionRow<D>[]>(
    `${selectFrom(spec)}
      WHERE program_id = $1 AND effective_from <= $2
      ORDER BY effective_from DESC, version DESC LIMIT 1`,
    [programId, at.toISOString()],
  );
  return row ?? null;
}

export function listVersions<D>(
  dataSource: DataSource,
  spec: VersionedTable,
  programId: string,
): Promise<VersionRow<D>[]> {
  return dataSource.query<VersionRow<D>[]>(
    `${selectFrom(spec)} WHERE program_id = $1 ORDER BY version DESC`,
    [programId],
  );
}

/** Appends the next version; two admins publishing at once get consecutive versions. */
export async function publishVersion<D>(
  dataSource: DataSource,
  spec: VersionedTable,
  programId: string,
  document: D,
  effectiveFrom: Date,
  staffId: string | null,
): Promise<VersionRow<D>> {
  for (;;) {
    try {
      const [row] = await dataSource.query<VersionRow<D>[]>(
        `INSERT INTO ${spec.table} (program_id, version, effective_from, ${spec.documentColumn},
             created_by_staff_id)
         SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4
           FROM ${spec.table} WHERE program_id = $1
         RETURNING id, program_id, version, effective_from, ${spec.documentColumn} AS document,
                   created_at`,
        [programId, effectiveFrom.toISOString(), JSON.stringify(document), staffId],
      );
      return row!;
    } catch (error) {
      if (violatedUniqueConstraint(error) !== spec.versionKey) throw error;
    }
  }
}
