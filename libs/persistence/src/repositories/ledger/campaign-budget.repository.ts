import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ColumnsOf } from '../../schema/rows';
import { bindNamed } from '../../statements/named-parameters';

/** What one campaign has credited so far: in all, to how many purchases and members. */
export interface CampaignSpend {
  readonly code: string;
  readonly spentPoints: number;
  readonly purchases: number;
  readonly members: number;
}

/**
 * Campaign budgets read outside the ledger's writes: the preview at the till, and marketing's
 * view of what each campaign spent. The writes read them under lock (LedgerWriteReads).
 */
@Injectable()
export class CampaignBudgetRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async spentOf(programId: string, codes: readonly string[]): Promise<Map<string, number>> {
    if (codes.length === 0) return new Map();
    const rows = await this.dataSource.query<
      ColumnsOf<'campaign_budgets', 'code' | 'spent_points'>[]
    >(
      ...bindNamed(
        `SELECT code, spent_points FROM campaign_budgets
          WHERE program_id = :program_id AND code = ANY(:codes::text[])`,
        { program_id: programId, codes },
      ),
    );
    return new Map(rows.map((row) => [row.code, row.spent_points]));
  }

  async memberPointsOf(memberId: string, code: string, since: Date | null): Promise<number> {
    const [row] = await this.dataSource.query<ColumnsOf<'campaign_credits', 'points'>[]>(
      ...bindNamed(
        `SELECT coalesce(sum(points), 0)::bigint AS points FROM campaign_credits
          WHERE member_id = :member_id AND campaign_code = :code
            AND (:since::timestamptz IS NULL OR occurred_at >= :since)`,
        { member_id: memberId, code, since: since?.toISOString() ?? null },
      ),
    );
    return row?.points ?? 0;
  }

  /** Every campaign of the program that has counted what it credited. */
  async spends(programId: string): Promise<Map<string, CampaignSpend>> {
    const rows = await this.dataSource.query<CampaignSpend[]>(
      ...bindNamed(
        `SELECT b.code, b.spent_points AS "spentPoints",
                count(c.purchase_id)::int AS purchases, count(DISTINCT c.member_id)::int AS members
           FROM campaign_budgets b
           LEFT JOIN campaign_credits c ON c.program_id = b.program_id AND c.campaign_code = b.code
          WHERE b.program_id = :program_id
          GROUP BY b.code, b.spent_points`,
        { program_id: programId },
      ),
    );
    return new Map(rows.map((row) => [row.code, row]));
  }
}
