import type { ValuePolicy, ValuePolicyVersion } from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  listVersions,
  publishVersion,
  type VersionedTable,
  versionInForceAt,
  type VersionRow,
} from '../programs/versioned-documents';

const VALUE_POLICIES: VersionedTable = {
  table: 'value_policies',
  documentColumn: 'policy',
  versionKey: 'value_policies_program_id_version_key',
};

const toVersion = (row: VersionRow<ValuePolicy>): ValuePolicyVersion => ({
  id: row.id,
  programId: row.program_id,
  version: row.version,
  effectiveFrom: row.effective_from,
  policy: row.document,
  createdAt: row.created_at,
});

/** Versions of each program's value policy (tiers, hysteresis, CLV assumptions, win-back). */
@Injectable()
export class ValuePolicyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async inForceAt(programId: string, at: Date): Promise<ValuePolicyVersion | null> {
    const row = await versionInForceAt<ValuePolicy>(this.dataSource, VALUE_POLICIES, programId, at);
    return row ? toVersion(row) : null;
  }

  async list(programId: string): Promise<ValuePolicyVersion[]> {
    return (await listVersions<ValuePolicy>(this.dataSource, VALUE_POLICIES, programId)).map(
      toVersion,
    );
  }

  async publish(
    programId: string,
    policy: ValuePolicy,
    effectiveFrom: Date,
    staffId: string | null,
  ): Promise<ValuePolicyVersion> {
    return toVersion(
      await publishVersion(
        this.dataSource,
        VALUE_POLICIES,
        programId,
        policy,
        effectiveFrom,
        staffId,
      ),
    );
  }
}
