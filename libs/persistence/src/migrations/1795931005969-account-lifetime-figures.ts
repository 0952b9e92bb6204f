import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Kinds whose points count as earned: purchases and rewards, net of refunds; and as redeemed. A
 * reversal counts as the kind it reverses. ledger:verify re-derives the figures with the same
 * lists (ledger-verification.ts).
 */
const EARNED_KINDS_SQL = `('purchase_earn', 'reward', 'refund')`;
const REDEEMED_KIND_SQL = `'redemption'`;

/** Each account's points, earned and redeemed points among `entries` (entries' columns). */
const movedFigures = (entries: string) => `
    SELECT e."account_id", sum(e."points") AS "points",
           coalesce(sum(e."points") FILTER (
               WHERE coalesce(o."kind", t."kind") IN ${EARNED_KINDS_SQL}), 0) AS "earned",
           coalesce(-sum(e."points") FILTER (
               WHERE coalesce(o."kind", t."kind") = ${REDEEMED_KIND_SQL}), 0) AS "redeemed"
      FROM ${entries} e
      JOIN "journal_transactions" t ON t."id" = e."transaction_id"
      LEFT JOIN "journal_transactions" o ON o."id" = t."reverses_transaction_id"
     GROUP BY e."account_id"`;

/**
 * The entries' statement trigger: refuses a journal transaction whose entries do not sum to zero,
 * then moves each account's cached figures (`setFigures`, from the `moved` row of each account).
 * Planned on indexes only, as migration LedgerTriggersByIndex set it.
 */
const postJournalEntries = (moved: string, setFigures: string) => `
    CREATE OR REPLACE FUNCTION "post_journal_entries"() RETURNS trigger
    LANGUAGE plpgsql
    SET enable_seqscan = off
    SET enable_hashjoin = off
    SET enable_mergejoin = off
    AS $$
    DECLARE
        unbalanced uuid;
    BEGIN
        SELECT e."transaction_id" INTO unbalanced
          FROM "journal_entries" e
         WHERE e."transaction_id" IN (SELECT DISTINCT "transaction_id" FROM inserted)
         GROUP BY e."transaction_id"
        HAVING sum(e."points") <> 0
         LIMIT 1;
        IF unbalanced IS NOT NULL THEN
            RAISE EXCEPTION 'journal transaction % is unbalanced: its entries do not sum to zero', unbalanced
                USING ERRCODE = 'check_violation';
        END IF;
        UPDATE "ledger_accounts" a SET ${setFigures}
          FROM (${moved}) moved
         WHERE a."id" = moved."account_id";
        RETURN NULL;
    END
    $$`;

/**
 * A member's lifetime earned and redeemed points, kept on the account like its balance, by the
 * trigger that posts entries. A balance read used to add up the member's whole history on every
 * call, so its cost grew with the member's age; now it reads one row and the open lots
 * (docs/performance.md). The same guards refuse any change to them but the trigger's.
 */
export class AccountLifetimeFigures1795931005969 implements MigrationInterface {
  name = 'AccountLifetimeFigures1795931005969';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "ledger_accounts"
            ADD "lifetime_earned" bigint NOT NULL DEFAULT '0',
            ADD "lifetime_redeemed" bigint NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            UPDATE "ledger_accounts" a
               SET "lifetime_earned" = moved."earned", "lifetime_redeemed" = moved."redeemed"
              FROM (${movedFigures('"journal_entries"')}) moved
             WHERE a."id" = moved."account_id"
        `);
    await queryRunner.query(
      postJournalEntries(
        movedFigures('inserted'),
        `"balance" = a."balance" + moved."points",
         "lifetime_earned" = a."lifetime_earned" + moved."earned",
         "lifetime_redeemed" = a."lifetime_redeemed" + moved."redeemed"`,
      ),
    );
    await queryRunner.query(`
            CREATE TRIGGER "ledger_accounts_lifetime_guard"
            BEFORE UPDATE OF "lifetime_earned", "lifetime_redeemed" ON "ledger_accounts"
            FOR EACH ROW WHEN (
                NEW."lifetime_earned" IS DISTINCT FROM OLD."lifetime_earned"
                OR NEW."lifetime_redeemed" IS DISTINCT FROM OLD."lifetime_redeemed")
            EXECUTE FUNCTION "refuse_direct_change_of_cached_figure"('lifetime_earned/lifetime_redeemed')
        `);
    await queryRunner.query(`
            CREATE TRIGGER "ledger_accounts_opening_lifetime_guard"
            BEFORE INSERT ON "ledger_accounts"
            FOR EACH ROW WHEN (NEW."lifetime_earned" <> 0 OR NEW."lifetime_redeemed" <> 0)
            EXECUTE FUNCTION "refuse_direct_change_of_cached_figure"('lifetime_earned/lifetime_redeemed')
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TRIGGER "ledger_accounts_opening_lifetime_guard" ON "ledger_accounts"
        `);
    await queryRunner.query(`
            DROP TRIGGER "ledger_accounts_lifetime_guard" ON "ledger_accounts"
        `);
    await queryRunner.query(
      postJournalEntries(
        `SELECT "account_id", sum("points") AS "points" FROM inserted GROUP BY "account_id"`,
        `"balance" = a."balance" + moved."points"`,
      ),
    );
    await queryRunner.query(`
            ALTER TABLE "ledger_accounts" DROP COLUMN "lifetime_redeemed", DROP COLUMN "lifetime_earned"
        `);
  }
}
