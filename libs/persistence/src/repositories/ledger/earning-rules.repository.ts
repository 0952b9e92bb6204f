import type { Campaign, EarningRules, EarningRuleSet } from '@loyalty/domain';
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

type StoredRules = EarningRules & {
  campaigns: (Omit<Campaign, 'startsAt' | 'endsAt' | 'budgetPoints' | 'perMemberLimit'> & {
    startsAt: string;
    endsAt: string;
    budgetPoints?: Campaign['budgetPoints'];
    perMemberLimit?: Campaign['perMemberLimit'];
  })[];
};

const EARNING_RULE_SETS: VersionedTable = {
  table: 'earning_rule_sets',
  documentColumn: 'rules',
  versionKey: 'earning_rule_sets_program_id_version_key',
};

const toRuleSet = (row: VersionRow<StoredRules>): EarningRuleSet => ({
  id: row.id,
  programId: row.program_id,
  version: row.version,
  effectiveFrom: row.effective_from,
  rules: {
    ...row.document,
    campaigns: row.document.campaigns.map((campaign) => ({
      ...campaign,
      startsAt: new Date(campaign.startsAt),
      endsAt: new Date(campaign.endsAt),
      // Versions published before campaigns had budgets.
      budgetPoints: campaign.budgetPoints ?? null,
      perMemberLimit: campaign.perMemberLimit ?? null,
    })),
  },
  createdAt: row.created_at,
});

/** Versions of each program's earning rules; a version, once written, never changes. */
@Injectable()
export class EarningRulesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The version in force at `at`: the latest one effective by then. */
  async inForceAt(programId: string, at: Date): Promise<EarningRuleSet | null> {
    const row = await versionInForceAt<StoredRules>(
      this.dataSource,
      EARNING_RULE_SETS,
      programId,
      at,
    );
    return row ? toRuleSet(row) : null;
  }

  async list(programId: string): Promise<EarningRuleSet[]> {
    return (await listVersions<StoredRules>(this.dataSource, EARNING_RULE_SETS, programId)).map(
      toRuleSet,
    );
  }

  async publish(
    programId: string,
    rules: EarningRules,
    effectiveFrom: Date,
    staffId: string | null,
  ): Promise<EarningRuleSet> {
    const row = await publishVersion(
      this.dataSource,
      EARNING_RULE_SETS,
      programId,
      rules,
      effectiveFrom,
      staffId,
    );
    return toRuleSet(row as VersionRow<StoredRules>);
  }
}
