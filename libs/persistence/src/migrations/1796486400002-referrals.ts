import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Referrals: each member's shareable code, who enrolled with whose, and the program's referral
 * policy. Referral bonuses are reward grants (kind `referral`), paid through the ledger under
 * their ids like the value policy's rewards.
 */
export class Referrals1796486400002 implements MigrationInterface {
  name = 'Referrals1796486400002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "members" ADD "referral_code" text`);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "members_program_id_referral_code_key"
                ON "members" ("program_id", "referral_code")
        `);
    await queryRunner.query(`
            ALTER TABLE "reward_grants"
                DROP CONSTRAINT "reward_grants_kind_check",
                ADD CONSTRAINT "reward_grants_kind_check" CHECK ("kind" IN ('tier_upgrade', 'win_back', 'referral'))
        `);
    await queryRunner.query(`
            ALTER TABLE "programs"
                ADD "referral_referrer_points" integer NOT NULL DEFAULT 0,
                ADD "referral_referee_points" integer NOT NULL DEFAULT 0,
                ADD "referral_min_purchase_minor" bigint NOT NULL DEFAULT 1,
                ADD "referral_cap" integer NOT NULL DEFAULT 10,
                ADD "referral_cap_period" text NOT NULL DEFAULT 'month',
                ADD CONSTRAINT "programs_referral_policy_check"
                    CHECK ("referral_referrer_points" BETWEEN 0 AND 1000000 AND "referral_referee_points" BETWEEN 0 AND 1000000 AND "referral_min_purchase_minor" >= 1 AND "referral_cap" BETWEEN 0 AND 100000 AND "referral_cap_period" IN ('day', 'week', 'month', 'year', 'ever'))
        `);
    await queryRunner.query(`
            CREATE TABLE "referrals" (
                "id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "referrer_member_id" uuid NOT NULL,
                "referee_member_id" uuid NOT NULL,
                "status" text NOT NULL DEFAULT 'pending',
                "refusal_reason" text,
                "qualifying_purchase_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "settled_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "referrals_status_check" CHECK ("status" IN ('pending', 'rewarded', 'refused')),
                CONSTRAINT "referrals_settlement_check"
                    CHECK (("status" = 'pending') = ("settled_at" IS NULL) AND ("status" = 'refused') = ("refusal_reason" IS NOT NULL)),
                CONSTRAINT "referrals_self_check" CHECK ("referrer_member_id" <> "referee_member_id"),
                CONSTRAINT "referrals_pkey" PRIMARY KEY ("id"),
                CONSTRAINT "referrals_program_id_fkey" FOREIGN KEY ("program_id")
                    REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "referrals_referrer_member_id_fkey" FOREIGN KEY ("referrer_member_id")
                    REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "referrals_referee_member_id_fkey" FOREIGN KEY ("referee_member_id")
                    REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "referrals_qualifying_purchase_id_fkey" FOREIGN KEY ("qualifying_purchase_id")
                    REFERENCES "purchases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "referrals_referee_member_id_key" ON "referrals" ("referee_member_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "referrals_referrer_member_id_created_at_idx"
                ON "referrals" ("referrer_member_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "referrals_pending_idx" ON "referrals" ("program_id") WHERE "status" = 'pending'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "referrals"`);
    await queryRunner.query(`
            ALTER TABLE "programs"
                DROP CONSTRAINT "programs_referral_policy_check",
                DROP COLUMN "referral_cap_period",
                DROP COLUMN "referral_cap",
                DROP COLUMN "referral_min_purchase_minor",
                DROP COLUMN "referral_referee_points",
                DROP COLUMN "referral_referrer_points"
        `);
    await queryRunner.query(`DELETE FROM "reward_grants" WHERE "kind" = 'referral'`);
    await queryRunner.query(`
            ALTER TABLE "reward_grants"
                DROP CONSTRAINT "reward_grants_kind_check",
                ADD CONSTRAINT "reward_grants_kind_check" CHECK ("kind" IN ('tier_upgrade', 'win_back'))
        `);
    await queryRunner.query(`DROP INDEX "members_program_id_referral_code_key"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "referral_code"`);
  }
}
