import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'purchase_earn', 'refund', 'redemption', 'expiry', 'transfer', 'adjustment', 'reward', 'reversal', 'forfeiture'`;
const HOLD_KINDS = `'hold', 'hold_release', 'hold_capture'`;
const ACCOUNT_KINDS_BEFORE = `'member', 'points_issued', 'points_redeemed', 'points_expired', 'adjustments', 'rewards', 'points_forfeited'`;

/** How migration AccountLifetimeFigures finds an unbalanced transaction. */
const BALANCE_CHECK_BEFORE = `SELECT e."transaction_id" INTO unbalanced
          FROM "journal_entries" e
         WHERE e."transaction_id" IN (SELECT DISTINCT "transaction_id" FROM inserted)
         GROUP BY e."transaction_id"
        HAVING sum(e."points") <> 0
         LIMIT 1;`;

/**
 * Driven from the statement's own transactions, one index lookup each: the semi-join above may be
 * planned the other way round, as a scan of every entry, while the table's statistics are young
 * (an import writes faster than autovacuum analyzes), and each write then costs more as the ledger
 * grows.
 */
export const BALANCE_CHECK = `SELECT written."transaction_id" INTO unbalanced
          FROM (SELECT DISTINCT "transaction_id" FROM inserted) written
          CROSS JOIN LATERAL (SELECT sum(e."points") AS "points" FROM "journal_entries" e
                               WHERE e."transaction_id" = written."transaction_id") total
         WHERE total."points" <> 0
         LIMIT 1;`;

/**
 * The entries' statement trigger (migration AccountLifetimeFigures), with the kinds whose member
 * entries count as redeemed: a hold's points count from the moment they are held, and what a
 * release or a partial capture gives back counts off again; and how it finds an unbalanced
 * transaction.
 */
export const postJournalEntries = (redeemedKinds: string, balanceCheck: string) => `
    CREATE OR REPLACE FUNCTION "post_journal_entries"() RETURNS trigger
    LANGUAGE plpgsql
    SET enable_seqscan = off
    SET enable_hashjoin = off
    SET enable_mergejoin = off
    AS $$
    DECLARE
        unbalanced uuid;
    BEGIN
        ${balanceCheck}
        IF unbalanced IS NOT NULL THEN
            RAISE EXCEPTION 'journal transaction % is unbalanced: its entries do not sum to zero', unbalanced
                USING ERRCODE = 'check_violation';
        END IF;
        UPDATE "ledger_accounts" a SET "balance" = a."balance" + moved."points",
         "lifetime_earned" = a."lifetime_earned" + moved."earned",
         "lifetime_redeemed" = a."lifetime_redeemed" + moved."redeemed"
          FROM (
    SELECT e."account_id", sum(e."points") AS "points",
           coalesce(sum(e."points") FILTER (
               WHERE coalesce(o."kind", t."kind") IN ('purchase_earn', 'reward', 'refund')), 0) AS "earned",
           coalesce(-sum(e."points") FILTER (
               WHERE coalesce(o."kind", t."kind") IN (${redeemedKinds})), 0) AS "redeemed"
      FROM inserted e
      JOIN "journal_transactions" t ON t."id" = e."transaction_id"
      LEFT JOIN "journal_transactions" o ON o."id" = t."reverses_transaction_id"
     GROUP BY e."account_id") moved
         WHERE a."id" = moved."account_id";
        RETURN NULL;
    END
    $$`;

/**
 * Holds at the till (docs/decisions/0014-holds.md): points reserved against an open order move
 * from the member's account into the program's held account, and a capture (the redemption) or a
 * release (a void, or the hold's expiry) moves them on. The hold row is the state the tills and
 * the release sweep read; its settlement names the journal transaction that settled it. The
 * entries' trigger, redefined for the held kinds, also checks the balance of each transaction by
 * its own index lookup (BALANCE_CHECK).
 */
export class PointHolds1796400000000 implements MigrationInterface {
  name = 'PointHolds1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "journal_transactions"
                DROP CONSTRAINT "journal_transactions_kind_check",
                ADD CONSTRAINT "journal_transactions_kind_check" CHECK ("kind" IN (${KINDS_BEFORE}, ${HOLD_KINDS}))
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_accounts"
                DROP CONSTRAINT "ledger_accounts_kind_check",
                ADD CONSTRAINT "ledger_accounts_kind_check" CHECK ("kind" IN (${ACCOUNT_KINDS_BEFORE}, 'points_held'))
        `);
    await queryRunner.query(postJournalEntries(`'redemption', ${HOLD_KINDS}`, BALANCE_CHECK));
    await queryRunner.query(`
            CREATE TABLE "point_holds" (
                "id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "member_id" uuid NOT NULL,
                "store_id" uuid NOT NULL,
                "points" bigint NOT NULL,
                "reference" text,
                "status" text NOT NULL DEFAULT 'held',
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "hold_transaction_id" uuid NOT NULL,
                "settled_transaction_id" uuid,
                "captured_points" bigint,
                "settled_by" text,
                "settled_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "point_holds_points_check" CHECK ("points" > 0),
                CONSTRAINT "point_holds_status_check"
                    CHECK ("status" IN ('held', 'captured', 'released')),
                CONSTRAINT "point_holds_settlement_check"
                    CHECK (("status" = 'held') = ("settled_transaction_id" IS NULL) AND ("status" = 'held') = ("settled_at" IS NULL) AND ("status" = 'held') = ("settled_by" IS NULL) AND ("status" = 'captured') = ("captured_points" IS NOT NULL)),
                CONSTRAINT "point_holds_captured_points_check"
                    CHECK ("captured_points" BETWEEN 1 AND "points"),
                CONSTRAINT "point_holds_settled_by_check"
                    CHECK ("settled_by" IN ('till', 'expiry')),
                CONSTRAINT "point_holds_pkey" PRIMARY KEY ("id"),
                CONSTRAINT "point_holds_program_id_fkey" FOREIGN KEY ("program_id")
                    REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "point_holds_member_id_fkey" FOREIGN KEY ("member_id")
                    REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "point_holds_store_id_fkey" FOREIGN KEY ("store_id")
                    REFERENCES "stores"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "point_holds_hold_transaction_id_fkey" FOREIGN KEY ("hold_transaction_id")
                    REFERENCES "journal_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "point_holds_settled_transaction_id_fkey" FOREIGN KEY ("settled_transaction_id")
                    REFERENCES "journal_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "point_holds_hold_transaction_id_key"
                ON "point_holds" ("hold_transaction_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "point_holds_open_by_expiry_idx"
                ON "point_holds" ("expires_at") WHERE "status" = 'held'
        `);
    await queryRunner.query(`
            CREATE INDEX "point_holds_open_by_member_idx"
                ON "point_holds" ("member_id") WHERE "status" = 'held'
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "point_holds"`);
    await queryRunner.query(postJournalEntries(`'redemption'`, BALANCE_CHECK_BEFORE));
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
