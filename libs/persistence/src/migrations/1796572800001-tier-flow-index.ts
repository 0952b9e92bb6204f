import { MigrationInterface, QueryRunner } from 'typeorm';

/** Marketing's moves between tiers per period read a program's tier changes by time. */
export class TierFlowIndex1796572800001 implements MigrationInterface {
  name = 'TierFlowIndex1796572800001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "tier_changes_program_id_changed_at_idx" ON "tier_changes" ("program_id", "changed_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "tier_changes_program_id_changed_at_idx"`);
  }
}
