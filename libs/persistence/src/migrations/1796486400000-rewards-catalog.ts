import { MigrationInterface, QueryRunner } from 'typeorm';
import { BALANCE_CHECK, postJournalEntries } from './1796400000000-point-holds';

const KINDS_BEFORE = `'purchase_earn', 'refund', 'redemption', 'expiry', 'transfer', 'adjustment', 'reward', 'reversal', 'forfeiture', 'hold', 'hold_release', 'hold_capture', 'merge', 'import'`;
const VOUCHER_KINDS = `'voucher_claim', 'voucher_redemption', 'voucher_reinstatement', 'voucher_return', 'voucher_expiry'`;
const ACCOUNT_KINDS_BEFORE = `'member', 'points_issued', 'points_redeemed', 'points_expired', 'adjustments', 'rewards', 'points_forfeited', 'points_held'`;
const REDEEMED_KINDS_BEFORE = `'redemption', 'hold', 'hold_release', 'hold_capture'`;

/**
 * The rewards catalog and its vouchers (docs/decisions/0018-rewards-catalog-and-vouchers.md). A
 * claim moves the reward's cost from the member into the program's voucher account; a voucher
 * used at a till moves it on to redeemed, and one returned (a refund, or an expiry by policy)
 * back to the member's lots. Member entries of a claim count as redeemed, and of a return count
 * off again, as for a hold. Each program says what a refund and an expiry do to a voucher.
 */
export class RewardsCatalog1796486400000 implements MigrationInterface {
  name = 'RewardsCatalog1796486400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "journal_transactions"
                DROP CONSTRAINT "journal_transactions_kind_check",
                ADD CONSTRAINT "journal_transactions_kind_check" CHECK ("kind" IN (${KINDS_BEFORE}, ${VOUCHER_KINDS}))
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_accounts"
                DROP CONSTRAINT "ledger_accounts_kind_check",
                ADD CONSTRAINT "ledger_accounts_kind_check" CHECK ("kind" IN (${ACCOUNT_KINDS_BEFORE}, 'points_in_vouchers'))
        `);
    await queryRunner.query(
      postJournalEntries(
        `${REDEEMED_KINDS_BEFORE}, 'voucher_claim', 'voucher_return'`,
        BALANCE_CHECK,
      ),
    );
    await queryRunner.query(`
            ALTER TABLE "programs"
                ADD "voucher_refund_policy" text NOT NULL DEFAULT 'restore_voucher',
                ADD "voucher_expiry_policy" text NOT NULL DEFAULT 'forfeit',
                ADD CONSTRAINT "programs_voucher_policy_check"
                    CHECK ("voucher_refund_policy" IN ('restore_voucher', 'return_points') AND "voucher_expiry_policy" IN ('return_points', 'forfeit'))
        `);
    await queryRunner.query(`
            CREATE TABLE "catalog_rewards" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "program_id" uuid NOT NULL,
                "code" text NOT NULL,
                "stock_claimed" bigint NOT NULL DEFAULT 0,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "catalog_rewards_stock_claimed_check" CHECK ("stock_claimed" >= 0),
                CONSTRAINT "catalog_rewards_pkey" PRIMARY KEY ("id"),
                CONSTRAINT "catalog_rewards_program_id_fkey" FOREIGN KEY ("program_id")
                    REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "catalog_rewards_program_id_code_key"
                ON "catalog_rewards" ("program_id", "code")
        `);
    await queryRunner.query(`
            CREATE TABLE "catalog_reward_versions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "reward_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "effective_from" TIMESTAMP WITH TIME ZONE NOT NULL,
                "terms" jsonb NOT NULL,
                "created_by_staff_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "catalog_reward_versions_version_check" CHECK ("version" > 0),
                CONSTRAINT "catalog_reward_versions_pkey" PRIMARY KEY ("id"),
                CONSTRAINT "catalog_reward_versions_reward_id_fkey" FOREIGN KEY ("reward_id")
                    REFERENCES "catalog_rewards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "catalog_reward_versions_created_by_staff_id_fkey" FOREIGN KEY ("created_by_staff_id")
                    REFERENCES "staff_members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "catalog_reward_versions_reward_id_version_key"
                ON "catalog_reward_versions" ("reward_id", "version")
        `);
    await queryRunner.query(`
            CREATE INDEX "catalog_reward_versions_reward_id_effective_from_idx"
                ON "catalog_reward_versions" ("reward_id", "effective_from")
        `);
    await queryRunner.query(`
            CREATE TABLE "vouchers" (
                "id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "member_id" uuid NOT NULL,
                "reward_id" uuid NOT NULL,
                "reward_version_id" uuid NOT NULL,
                "code_hash" bytea NOT NULL,
                "points" bigint NOT NULL,
                "status" text NOT NULL DEFAULT 'issued',
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "claimed_store_id" uuid,
                "claim_transaction_id" uuid NOT NULL,
                "redemption_transaction_id" uuid,
                "redeemed_at" TIMESTAMP WITH TIME ZONE,
                "redeemed_store_id" uuid,
                "redeemed_receipt_id" text,
                "settled_transaction_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "vouchers_points_check" CHECK ("points" > 0),
                CONSTRAINT "vouchers_status_check"
                    CHECK ("status" IN ('issued', 'redeemed', 'returned', 'expired')),
                CONSTRAINT "vouchers_redemption_check"
                    CHECK (("status" = 'redeemed') = ("redemption_transaction_id" IS NOT NULL) AND ("redemption_transaction_id" IS NULL) = ("redeemed_at" IS NULL) AND ("redemption_transaction_id" IS NULL) = ("redeemed_store_id" IS NULL) AND ("redemption_transaction_id" IS NULL) = ("redeemed_receipt_id" IS NULL)),
                CONSTRAINT "vouchers_settlement_check"
                    CHECK (("status" IN ('returned', 'expired')) = ("settled_transaction_id" IS NOT NULL)),
                CONSTRAINT "vouchers_pkey" PRIMARY KEY ("id"),
                CONSTRAINT "vouchers_program_id_fkey" FOREIGN KEY ("program_id")
                    REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "vouchers_member_id_fkey" FOREIGN KEY ("member_id")
                    REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "vouchers_reward_id_fkey" FOREIGN KEY ("reward_id")
                    REFERENCES "catalog_rewards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "vouchers_reward_version_id_fkey" FOREIGN KEY ("reward_version_id")
                    REFERENCES "catalog_reward_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "vouchers_claimed_store_id_fkey" FOREIGN KEY ("claimed_store_id")
                    REFERENCES "stores"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "vouchers_claim_transaction_id_fkey" FOREIGN KEY ("claim_transaction_id")
                    REFERENCES "journal_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "vouchers_redemption_transaction_id_fkey" FOREIGN KEY ("redemption_transaction_id")
                    REFERENCES "journal_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "vouchers_redeemed_store_id_fkey" FOREIGN KEY ("redeemed_store_id")
                    REFERENCES "stores"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "vouchers_settled_transaction_id_fkey" FOREIGN KEY ("settled_transaction_id")
                    REFERENCES "journal_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
            )
        `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "vouchers_code_hash_key" ON "vouchers" ("code_hash")`,
    );
    await queryRunner.query(`
            CREATE UNIQUE INDEX "vouchers_claim_transaction_id_key" ON "vouchers" ("claim_transaction_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "vouchers_issued_by_expiry_idx" ON "vouchers" ("expires_at") WHERE "status" = 'issued'
        `);
    await queryRunner.query(`
            CREATE INDEX "vouchers_member_id_created_at_idx" ON "vouchers" ("member_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "vouchers_reward_id_member_id_created_at_idx"
                ON "vouchers" ("reward_id", "member_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "vouchers_redeemed_receipt_idx"
                ON "vouchers" ("program_id", "redeemed_store_id", "redeemed_receipt_id")
             WHERE "status" = 'redeemed'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "vouchers"`);
    await queryRunner.query(`DROP TABLE "catalog_reward_versions"`);
    await queryRunner.query(`DROP TABLE "catalog_rewards"`);
    await queryRunner.query(`
            ALTER TABLE "programs"
                DROP CONSTRAINT "programs_voucher_policy_check",
                DROP COLUMN "voucher_expiry_policy",
                DROP COLUMN "voucher_refund_policy"
        `);
    await queryRunner.query(postJournalEntries(REDEEMED_KINDS_BEFORE, BALANCE_CHECK));
    await queryRunner.query(`
            ALTER TABLE "ledger_accounts"
                DROP CONSTRAINT "ledger_accounts_kind_check",
                ADD CONSTRAINT "ledger_accounts_kind_check" CHECK ("kind" IN (${ACCOUNT_KINDS_BEFORE}))
        `);
    await queryRunner.query(`
            ALTER TABLE "journal_transactions"
                DROP CONSTRAINT "journal_transactions_kind_check",
                ADD CONSTRAINT "journal_transactions_kind_check" CHECK ("kind" IN (${KINDS_BEFORE}))
        `);
  }
}
