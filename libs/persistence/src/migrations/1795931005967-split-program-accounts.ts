import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Program accounts split into sub-accounts (slots), so no single liability row is hot
 * (docs/performance.md). Going down works while only slot 0 exists: with more, the old unique
 * index cannot be rebuilt and the migration stops rather than merge balances by hand.
 */
export class SplitProgramAccounts1795931005967 implements MigrationInterface {
  name = 'SplitProgramAccounts1795931005967';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ledger_accounts_program_id_kind_key"
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_accounts"
            ADD "slot" smallint NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ledger_accounts_program_id_kind_slot_key" ON "ledger_accounts" ("program_id", "kind", "slot")
            WHERE "kind" <> 'member'
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_accounts"
            ADD CONSTRAINT "ledger_accounts_slot_check" CHECK (
                    "slot" >= 0
                    AND (
                        "kind" <> 'member'
                        OR "slot" = 0
                    )
                )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "ledger_accounts" DROP CONSTRAINT "ledger_accounts_slot_check"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ledger_accounts_program_id_kind_slot_key"
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_accounts" DROP COLUMN "slot"
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ledger_accounts_program_id_kind_key" ON "ledger_accounts" USING btree ("program_id", "kind")
            WHERE (kind <> 'member'::text)
        `);
  }
}
