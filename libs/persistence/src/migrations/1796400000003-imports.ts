import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'purchase_earn', 'refund', 'redemption', 'expiry', 'transfer', 'adjustment', 'reward', 'reversal', 'forfeiture', 'hold', 'hold_release', 'hold_capture', 'merge'`;

/**
 * Bringing a program's history from another system (docs/decisions/0016-imports.md): members
 * keep their id in that system (`external_id`) and enrolment date; opening balances and a batch of
 * past purchases are `import` journal transactions (purchases earn nothing here: their points came
 * with the balances, so they are recorded under no rule set); each import run is recorded, so a
 * run cut short resumes where it stopped.
 */
export class Imports1796400000003 implements MigrationInterface {
  name = 'Imports1796400000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "journal_transactions"
                DROP CONSTRAINT "journal_transactions_kind_check",
                ADD CONSTRAINT "journal_transactions_kind_check" CHECK ("kind" IN (${KINDS_BEFORE}, 'import'))
        `);
    await queryRunner.query(`
            ALTER TABLE "purchases"
                ALTER COLUMN "earning_rule_set_id" DROP NOT NULL,
                ADD CONSTRAINT "purchases_rule_set_check"
                    CHECK ("earning_rule_set_id" IS NOT NULL OR "points_earned" = 0)
        `);
    await queryRunner.query(`ALTER TABLE "members" ADD "external_id" text`);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "members_program_id_external_id_key"
                ON "members" ("program_id", "external_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "imports" (
                "id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "source_name" text NOT NULL,
                "source_sha256" text NOT NULL,
                "rows_done" integer NOT NULL DEFAULT 0,
                "imported" integer NOT NULL DEFAULT 0,
                "skipped" integer NOT NULL DEFAULT 0,
                "failed" integer NOT NULL DEFAULT 0,
                "status" text NOT NULL DEFAULT 'running',
                "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "finished_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "imports_pkey" PRIMARY KEY ("id"),
                CONSTRAINT "imports_kind_check" CHECK ("kind" IN ('members', 'balances', 'purchases')),
                CONSTRAINT "imports_status_check" CHECK ("status" IN ('running', 'finished')),
                CONSTRAINT "imports_finished_check" CHECK (("status" = 'finished') = ("finished_at" IS NOT NULL)),
                CONSTRAINT "imports_program_id_fkey" FOREIGN KEY ("program_id")
                    REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "imports_program_id_kind_source_sha256_key"
                ON "imports" ("program_id", "kind", "source_sha256")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "imports"`);
    await queryRunner.query(`DROP INDEX "members_program_id_external_id_key"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "external_id"`);
    await queryRunner.query(`
            ALTER TABLE "purchases"
                DROP CONSTRAINT "purchases_rule_set_check",
                ALTER COLUMN "earning_rule_set_id" SET NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "journal_transactions"
                DROP CONSTRAINT "journal_transactions_kind_check",
                ADD CONSTRAINT "journal_transactions_kind_check" CHECK ("kind" IN (${KINDS_BEFORE}))
        `);
  }
}
