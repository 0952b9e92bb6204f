import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Budgeted bonus campaigns: what each campaign of the earning rules has credited, by its code (a
 * purchase locks its row to take from the budget), and what each purchase got from one (a
 * member's limit per period counts those).
 */
export class CampaignBudgets1796486400001 implements MigrationInterface {
  name = 'CampaignBudgets1796486400001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "campaign_budgets" (
                "program_id" uuid NOT NULL,
                "code" text NOT NULL,
                "spent_points" bigint NOT NULL DEFAULT 0,
                CONSTRAINT "campaign_budgets_spent_points_check" CHECK ("spent_points" >= 0),
                CONSTRAINT "campaign_budgets_pkey" PRIMARY KEY ("program_id", "code"),
                CONSTRAINT "campaign_budgets_program_id_fkey" FOREIGN KEY ("program_id")
                    REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "campaign_credits" (
                "purchase_id" uuid NOT NULL,
                "campaign_code" text NOT NULL,
                "program_id" uuid NOT NULL,
                "member_id" uuid NOT NULL,
                "points" bigint NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "campaign_credits_points_check" CHECK ("points" > 0),
                CONSTRAINT "campaign_credits_pkey" PRIMARY KEY ("purchase_id", "campaign_code"),
                CONSTRAINT "campaign_credits_purchase_id_fkey" FOREIGN KEY ("purchase_id")
                    REFERENCES "purchases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "campaign_credits_program_id_fkey" FOREIGN KEY ("program_id")
                    REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "campaign_credits_member_id_fkey" FOREIGN KEY ("member_id")
                    REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "campaign_credits_member_idx"
                ON "campaign_credits" ("member_id", "campaign_code", "occurred_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "campaign_credits_program_code_idx"
                ON "campaign_credits" ("program_id", "campaign_code")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "campaign_credits"`);
    await queryRunner.query(`DROP TABLE "campaign_budgets"`);
  }
}
