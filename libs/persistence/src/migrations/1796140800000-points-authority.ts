import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Authority over points (decision 0009): each program's limits on tills, members and staff,
 * adjustments above a cap waiting for a second person, and the forfeiture of an erased member's
 * points into an account of its own. The database keeps the limits within
 * bounds and refuses a decision by the staff member who asked.
 */
export class PointsAuthority1796140800000 implements MigrationInterface {
  name = 'PointsAuthority1796140800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "journal_transactions"
                DROP CONSTRAINT "journal_transactions_kind_check",
                ADD CONSTRAINT "journal_transactions_kind_check" CHECK ("kind" IN ('purchase_earn', 'refund', 'redemption', 'expiry', 'transfer', 'adjustment', 'reward', 'reversal', 'forfeiture'))
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_accounts"
                DROP CONSTRAINT "ledger_accounts_kind_check",
                ADD CONSTRAINT "ledger_accounts_kind_check" CHECK ("kind" IN ('member', 'points_issued', 'points_redeemed', 'points_expired', 'adjustments', 'rewards', 'points_forfeited'))
        `);
    await queryRunner.query(`
            ALTER TABLE "programs"
                ADD "offline_window_days" integer NOT NULL DEFAULT '7',
                ADD "max_purchase_minor" bigint NOT NULL DEFAULT '5000000',
                ADD "member_transfer_daily_points" bigint NOT NULL DEFAULT '5000',
                ADD "staff_transfer_max_points" bigint NOT NULL DEFAULT '10000',
                ADD "manager_adjustment_daily_points" bigint NOT NULL DEFAULT '5000',
                ADD "admin_adjustment_daily_points" bigint NOT NULL DEFAULT '50000',
                ADD "adjustment_approver" text NOT NULL DEFAULT 'higher_role',
                ADD CONSTRAINT "programs_offline_window_days_check"
                    CHECK ("offline_window_days" BETWEEN 0 AND 3650),
                ADD CONSTRAINT "programs_max_purchase_minor_check"
                    CHECK ("max_purchase_minor" BETWEEN 1 AND 100000000000),
                ADD CONSTRAINT "programs_point_caps_check"
                    CHECK ("member_transfer_daily_points" BETWEEN 0 AND 1000000000 AND "staff_transfer_max_points" BETWEEN 0 AND 1000000000 AND "manager_adjustment_daily_points" BETWEEN 0 AND 1000000000 AND "admin_adjustment_daily_points" BETWEEN 0 AND 1000000000),
                ADD CONSTRAINT "programs_adjustment_approver_check"
                    CHECK ("adjustment_approver" IN ('higher_role', 'another_manager'))
        `);
    await queryRunner.query(`
            CREATE TABLE "adjustment_requests" (
                "id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "member_id" uuid NOT NULL,
                "points" bigint NOT NULL,
                "reason" text NOT NULL,
                "requested_by" uuid NOT NULL,
                "requested_role" text NOT NULL,
                "status" text NOT NULL DEFAULT 'pending',
                "decided_by" uuid,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "decision_note" text,
                "transaction_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "adjustment_requests_points_check" CHECK ("points" <> 0),
                CONSTRAINT "adjustment_requests_status_check"
                    CHECK ("status" IN ('pending', 'approved', 'rejected')),
                CONSTRAINT "adjustment_requests_decision_check"
                    CHECK (("status" = 'pending') = ("decided_by" IS NULL) AND ("status" = 'pending') = ("decided_at" IS NULL) AND ("status" = 'approved') = ("transaction_id" IS NOT NULL)),
                CONSTRAINT "adjustment_requests_second_person_check"
                    CHECK ("decided_by" <> "requested_by"),
                CONSTRAINT "adjustment_requests_pkey" PRIMARY KEY ("id"),
                CONSTRAINT "adjustment_requests_program_id_fkey" FOREIGN KEY ("program_id")
                    REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "adjustment_requests_member_id_fkey" FOREIGN KEY ("member_id")
                    REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "adjustment_requests_requested_by_fkey" FOREIGN KEY ("requested_by")
                    REFERENCES "staff_members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "adjustment_requests_decided_by_fkey" FOREIGN KEY ("decided_by")
                    REFERENCES "staff_members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "adjustment_requests_program_id_status_idx"
                ON "adjustment_requests" ("program_id", "status", "created_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "adjustment_requests"`);
    await queryRunner.query(`
            ALTER TABLE "ledger_accounts"
                DROP CONSTRAINT "ledger_accounts_kind_check",
                ADD CONSTRAINT "ledger_accounts_kind_check" CHECK ("kind" IN ('member', 'points_issued', 'points_redeemed', 'points_expired', 'adjustments', 'rewards'))
        `);
    await queryRunner.query(`
            ALTER TABLE "journal_transactions"
                DROP CONSTRAINT "journal_transactions_kind_check",
                ADD CONSTRAINT "journal_transactions_kind_check" CHECK ("kind" IN ('purchase_earn', 'refund', 'redemption', 'expiry', 'transfer', 'adjustment', 'reward', 'reversal'))
        `);
    await queryRunner.query(`
            ALTER TABLE "programs"
                DROP CONSTRAINT "programs_adjustment_approver_check",
                DROP CONSTRAINT "programs_point_caps_check",
                DROP CONSTRAINT "programs_max_purchase_minor_check",
                DROP CONSTRAINT "programs_offline_window_days_check",
                DROP COLUMN "adjustment_approver",
                DROP COLUMN "admin_adjustment_daily_points",
                DROP COLUMN "manager_adjustment_daily_points",
                DROP COLUMN "staff_transfer_max_points",
                DROP COLUMN "member_transfer_daily_points",
                DROP COLUMN "max_purchase_minor",
                DROP COLUMN "offline_window_days"
        `);
  }
}
