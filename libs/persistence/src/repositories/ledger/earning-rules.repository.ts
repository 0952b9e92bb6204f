import type { EarningRules, EarningRuleSet } from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { violatedUniqueConstraint } from '../../unique-violation';

interface RuleSetRow {
  id: string;
  program_id: string;
  version: number;
  effective_from: Date;
  rules: EarningRules & { campaigns: { startsAt: string; endsAt: string }[] };
  created_at: Date;
}

const toRuleSet = (row: RuleSetRow): EarningRuleSet => ({
  id: row.id,
  programId: row.program_id,
  version: row.version,
  effectiveFrom: row.effective_from,
  rules: {
    ...row.rules,
    campaigns: row.rules.campaigns.map((campaign) => ({
      ...campaign,
      startsAt: new Date(campaign.startsAt),
      endsAt: new Date(campaign.endsAt),
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
    const [row] = await this.dataSource.query<RuleSetRow[]>(
      `SELECT * FROM earning_rule_sets
        WHERE program_id = $1 AND effective_from <= $2
        ORDER BY effective_from DESC, version DESC LIMIT 1`,
      [programId, at.toISOString()],
    );
    return row ? toRuleSet(row) : null;
  }

  async list(programId: string): Promise<EarningRuleSet[]> {
    const rows = await this.dataSource.query<RuleSetRow[]>(
      `SELECT * FROM earning_rule_sets WHERE program_id = $1 ORDER BY version DESC`,
      [programId],
    );
    return rows.map(toRuleSet);
  }

  /** Appends the next version; two admins publishing at once get consecutive versions. */
  async publish(
    programId: string,
    rules: EarningRules,
    effectiveFrom: Date,
    staffId: string | null,
  ): Promise<EarningRuleSet> {
    for (;;) {
      try {
        const [row] = await this.dataSource.query<RuleSetRow[]>(
          `INSERT INTO earning_rule_sets (program_id, version, effective_from, rules,
               created_by_staff_id)
           SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4
             FROM earning_rule_sets WHERE program_id = $1
           RETURNING *`,
          [programId, effectiveFrom.toISOString(), JSON.stringify(rules), staffId],
        );
        return toRuleSet(row!);
      } catch (error) {
        if (violatedUniqueConstraint(error) !== 'earning_rule_sets_program_id_version_key') {
          throw error;
        }
      }
    }
  }
}
