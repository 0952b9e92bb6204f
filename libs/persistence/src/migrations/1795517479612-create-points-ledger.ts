import { MigrationInterface, QueryRunner } from 'typeorm';

/** The points ledger: accounts, journal, lots, purchases, earning rules, idempotency keys, outbox. */
export class CreatePointsLedger1795517479612 implements MigrationInterface {
  name = 'CreatePointsLedger1795517479612';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "earning_rule_sets" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "program_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "effective_from" TIMESTAMP WITH TIME ZONE NOT NULL,
                "rules" jsonb NOT NULL,
                "created_by_staff_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "earning_rule_sets_version_check" CHECK ("version" > 0),
                CONSTRAINT "earning_rule_sets_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "earning_rule_sets_program_id_effective_from_idx" ON "earning_rule_sets" ("program_id", "effective_from")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "earning_rule_sets_program_id_version_key" ON "earning_rule_sets" ("program_id", "version")
        `);
    await queryRunner.query(`
            CREATE TABLE "idempotency_keys" (
                "program_id" uuid NOT NULL,
                "caller" text NOT NULL,
                "key" text NOT NULL,
                "request_hash" text NOT NULL,
                "response_status" integer,
                "response_body" jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("program_id", "caller", "key")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "journal_transactions" (
                "id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "member_id" uuid,
                "reverses_transaction_id" uuid,
                "purchase_id" uuid,
                "store_id" uuid,
                "actor_kind" text NOT NULL,
                "actor_id" uuid,
                "reason" text,
                "details" jsonb NOT NULL DEFAULT '{}',
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                CONSTRAINT "journal_transactions_adjustment_reason_check" CHECK (
                    "kind" <> 'adjustment'
                    OR (
                        "reason" IS NOT NULL
                        AND "actor_kind" = 'staff'
                    )
                ),
                CONSTRAINT "journal_transactions_reversal_check" CHECK (
                    ("kind" = 'reversal') = ("reverses_transaction_id" IS NOT NULL)
                ),
                CONSTRAINT "journal_transactions_actor_kind_check" CHECK (
                    "actor_kind" IN ('staff', 'member', 'pos-terminal', 'system')
                ),
                CONSTRAINT "journal_transactions_kind_check" CHECK (
                    "kind" IN (
                        'purchase_earn',
                        'refund',
                        'redemption',
                        'expiry',
                        'transfer',
                        'adjustment',
                        'reward',
                        'reversal'
                    )
                ),
                CONSTRAINT "journal_transactions_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "journal_transactions_member_id_idx" ON "journal_transactions" ("member_id", "occurred_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "journal_transactions_reverses_transaction_id_key" ON "journal_transactions" ("reverses_transaction_id")
            WHERE "reverses_transaction_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "ledger_accounts" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "program_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "member_id" uuid,
                "balance" bigint NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ledger_accounts_member_check" CHECK (("kind" = 'member') = ("member_id" IS NOT NULL)),
                CONSTRAINT "ledger_accounts_kind_check" CHECK (
                    "kind" IN (
                        'member',
                        'points_issued',
                        'points_redeemed',
                        'points_expired',
                        'adjustments',
                        'rewards'
                    )
                ),
                CONSTRAINT "ledger_accounts_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ledger_accounts_program_id_kind_key" ON "ledger_accounts" ("program_id", "kind")
            WHERE "kind" <> 'member'
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ledger_accounts_member_id_key" ON "ledger_accounts" ("member_id")
            WHERE "member_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "journal_entries" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "transaction_id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "points" bigint NOT NULL,
                CONSTRAINT "journal_entries_points_check" CHECK ("points" <> 0),
                CONSTRAINT "journal_entries_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "journal_entries_account_id_idx" ON "journal_entries" ("account_id", "id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "journal_entries_transaction_id_account_id_key" ON "journal_entries" ("transaction_id", "account_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "lots" (
                "id" uuid NOT NULL,
                "account_id" uuid NOT NULL,
                "credited_by_transaction_id" uuid NOT NULL,
                "amount" bigint NOT NULL,
                "remaining" bigint NOT NULL DEFAULT '0',
                "available_from" TIMESTAMP WITH TIME ZONE NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                CONSTRAINT "lots_remaining_check" CHECK (
                    "remaining" >= 0
                    AND "remaining" <= "amount"
                ),
                CONSTRAINT "lots_amount_check" CHECK ("amount" > 0),
                CONSTRAINT "lots_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "lots_expiring_idx" ON "lots" ("expires_at")
            WHERE "remaining" > 0
                AND "expires_at" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "lots_open_idx" ON "lots" ("account_id")
            WHERE "remaining" > 0
        `);
    await queryRunner.query(`
            CREATE TABLE "lot_movements" (
                "transaction_id" uuid NOT NULL,
                "lot_id" uuid NOT NULL,
                "points" bigint NOT NULL,
                CONSTRAINT "lot_movements_points_check" CHECK ("points" <> 0),
                CONSTRAINT "lot_movements_pkey" PRIMARY KEY ("transaction_id", "lot_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "lot_movements_lot_id_idx" ON "lot_movements" ("lot_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "outbox_events" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "program_id" uuid NOT NULL,
                "member_id" uuid,
                "type" text NOT NULL,
                "payload" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                "published_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "outbox_events_unpublished_idx" ON "outbox_events" ("id")
            WHERE "published_at" IS NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "purchases" (
                "id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "member_id" uuid NOT NULL,
                "card_id" uuid,
                "store_id" uuid NOT NULL,
                "receipt_id" text NOT NULL,
                "amount_minor" bigint NOT NULL,
                "currency" character(3) NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "lines" jsonb NOT NULL DEFAULT '[]',
                "earning_rule_set_id" uuid NOT NULL,
                "points_earned" bigint NOT NULL,
                "earn_transaction_id" uuid NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                CONSTRAINT "purchases_points_check" CHECK ("points_earned" >= 0),
                CONSTRAINT "purchases_amount_check" CHECK ("amount_minor" > 0),
                CONSTRAINT "purchases_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "purchases_member_id_idx" ON "purchases" ("member_id", "occurred_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "purchases_store_id_receipt_id_key" ON "purchases" ("store_id", "receipt_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "purchase_refunds" (
                "id" uuid NOT NULL,
                "purchase_id" uuid NOT NULL,
                "amount_minor" bigint NOT NULL,
                "points_reversed" bigint NOT NULL,
                "transaction_id" uuid NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
                CONSTRAINT "purchase_refunds_points_check" CHECK ("points_reversed" >= 0),
                CONSTRAINT "purchase_refunds_amount_check" CHECK ("amount_minor" > 0),
                CONSTRAINT "purchase_refunds_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "purchase_refunds_purchase_id_idx" ON "purchase_refunds" ("purchase_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "redemption_codes" (
                "id" uuid NOT NULL,
                "member_id" uuid NOT NULL,
                "code_hash" bytea NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "attempts" integer NOT NULL DEFAULT '0',
                "used_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "redemption_codes_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "redemption_codes_member_id_idx" ON "redemption_codes" ("member_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "earning_rule_sets"
            ADD CONSTRAINT "earning_rule_sets_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "earning_rule_sets"
            ADD CONSTRAINT "earning_rule_sets_created_by_staff_id_fkey" FOREIGN KEY ("created_by_staff_id") REFERENCES "staff_members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "journal_transactions"
            ADD CONSTRAINT "journal_transactions_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "journal_transactions"
            ADD CONSTRAINT "journal_transactions_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "journal_transactions"
            ADD CONSTRAINT "journal_transactions_reverses_transaction_id_fkey" FOREIGN KEY ("reverses_transaction_id") REFERENCES "journal_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_accounts"
            ADD CONSTRAINT "ledger_accounts_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_accounts"
            ADD CONSTRAINT "ledger_accounts_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "journal_entries"
            ADD CONSTRAINT "journal_entries_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "journal_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "journal_entries"
            ADD CONSTRAINT "journal_entries_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "ledger_accounts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "lots"
            ADD CONSTRAINT "lots_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "ledger_accounts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "lots"
            ADD CONSTRAINT "lots_credited_by_transaction_id_fkey" FOREIGN KEY ("credited_by_transaction_id") REFERENCES "journal_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "lot_movements"
            ADD CONSTRAINT "lot_movements_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "journal_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "lot_movements"
            ADD CONSTRAINT "lot_movements_lot_id_fkey" FOREIGN KEY ("lot_id") REFERENCES "lots"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "purchases"
            ADD CONSTRAINT "purchases_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "purchases"
            ADD CONSTRAINT "purchases_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "purchases"
            ADD CONSTRAINT "purchases_earning_rule_set_id_fkey" FOREIGN KEY ("earning_rule_set_id") REFERENCES "earning_rule_sets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "purchases"
            ADD CONSTRAINT "purchases_earn_transaction_id_fkey" FOREIGN KEY ("earn_transaction_id") REFERENCES "journal_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "purchase_refunds"
            ADD CONSTRAINT "purchase_refunds_purchase_id_fkey" FOREIGN KEY ("purchase_id") REFERENCES "purchases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "purchase_refunds"
            ADD CONSTRAINT "purchase_refunds_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "journal_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "redemption_codes"
            ADD CONSTRAINT "redemption_codes_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);

    // The ledger's rules, enforced by the database itself (docs/decisions/0006-points-ledger.md).
    // A journal transaction's entries are all written by one statement; after it, they must
    // sum to zero, and the accounts' cached balances move by exactly those entries.
    await queryRunner.query(`
            CREATE FUNCTION "post_journal_entries"() RETURNS trigger
            LANGUAGE plpgsql AS $$
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
                UPDATE "ledger_accounts" a
                   SET "balance" = a."balance" + moved."points"
                  FROM (SELECT "account_id", sum("points") AS "points"
                          FROM inserted GROUP BY "account_id") moved
                 WHERE a."id" = moved."account_id";
                RETURN NULL;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER "journal_entries_post"
            AFTER INSERT ON "journal_entries"
            REFERENCING NEW TABLE AS inserted
            FOR EACH STATEMENT EXECUTE FUNCTION "post_journal_entries"()
        `);
    await queryRunner.query(`
            CREATE FUNCTION "apply_lot_movements"() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE "lots" l
                   SET "remaining" = l."remaining" + moved."points"
                  FROM (SELECT "lot_id", sum("points") AS "points"
                          FROM inserted GROUP BY "lot_id") moved
                 WHERE l."id" = moved."lot_id";
                RETURN NULL;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER "lot_movements_apply"
            AFTER INSERT ON "lot_movements"
            REFERENCING NEW TABLE AS inserted
            FOR EACH STATEMENT EXECUTE FUNCTION "apply_lot_movements"()
        `);
    // Cached figures change only through the triggers above (trigger depth > 1), never by hand.
    await queryRunner.query(`
            CREATE FUNCTION "refuse_direct_change_of_cached_figure"() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' OR pg_trigger_depth() < 2 THEN
                    RAISE EXCEPTION '%.% is kept from its entries and movements: % refused',
                        TG_TABLE_NAME, TG_ARGV[0], TG_OP
                        USING ERRCODE = 'restrict_violation';
                END IF;
                RETURN NEW;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER "ledger_accounts_balance_guard"
            BEFORE UPDATE OF "balance" ON "ledger_accounts"
            FOR EACH ROW WHEN (NEW."balance" IS DISTINCT FROM OLD."balance")
            EXECUTE FUNCTION "refuse_direct_change_of_cached_figure"('balance')
        `);
    await queryRunner.query(`
            CREATE TRIGGER "ledger_accounts_opening_balance_guard"
            BEFORE INSERT ON "ledger_accounts"
            FOR EACH ROW WHEN (NEW."balance" <> 0)
            EXECUTE FUNCTION "refuse_direct_change_of_cached_figure"('balance')
        `);
    await queryRunner.query(`
            CREATE TRIGGER "lots_remaining_guard"
            BEFORE UPDATE OF "remaining" ON "lots"
            FOR EACH ROW WHEN (NEW."remaining" IS DISTINCT FROM OLD."remaining")
            EXECUTE FUNCTION "refuse_direct_change_of_cached_figure"('remaining')
        `);
    await queryRunner.query(`
            CREATE TRIGGER "lots_opening_remaining_guard"
            BEFORE INSERT ON "lots"
            FOR EACH ROW WHEN (NEW."remaining" <> 0)
            EXECUTE FUNCTION "refuse_direct_change_of_cached_figure"('remaining')
        `);
    // The facts are append-only: a mistake is undone by a reversal, never by an edit.
    for (const table of [
      'journal_transactions',
      'journal_entries',
      'lot_movements',
      'purchases',
      'purchase_refunds',
    ]) {
      await queryRunner.query(`
                CREATE TRIGGER "${table}_append_only"
                BEFORE UPDATE OR DELETE OR TRUNCATE ON "${table}"
                FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_of_append_only_row"()
            `);
    }
    for (const table of ['ledger_accounts', 'lots']) {
      await queryRunner.query(`
                CREATE TRIGGER "${table}_never_deleted"
                BEFORE DELETE OR TRUNCATE ON "${table}"
                FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_of_append_only_row"()
            `);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "redemption_codes" DROP CONSTRAINT "redemption_codes_member_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "purchase_refunds" DROP CONSTRAINT "purchase_refunds_transaction_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "purchase_refunds" DROP CONSTRAINT "purchase_refunds_purchase_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "purchases" DROP CONSTRAINT "purchases_earn_transaction_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "purchases" DROP CONSTRAINT "purchases_earning_rule_set_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "purchases" DROP CONSTRAINT "purchases_store_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "purchases" DROP CONSTRAINT "purchases_member_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "lot_movements" DROP CONSTRAINT "lot_movements_lot_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "lot_movements" DROP CONSTRAINT "lot_movements_transaction_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "lots" DROP CONSTRAINT "lots_credited_by_transaction_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "lots" DROP CONSTRAINT "lots_account_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "journal_entries" DROP CONSTRAINT "journal_entries_account_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "journal_entries" DROP CONSTRAINT "journal_entries_transaction_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_accounts" DROP CONSTRAINT "ledger_accounts_member_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "ledger_accounts" DROP CONSTRAINT "ledger_accounts_program_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "journal_transactions" DROP CONSTRAINT "journal_transactions_reverses_transaction_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "journal_transactions" DROP CONSTRAINT "journal_transactions_member_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "journal_transactions" DROP CONSTRAINT "journal_transactions_program_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "earning_rule_sets" DROP CONSTRAINT "earning_rule_sets_created_by_staff_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "earning_rule_sets" DROP CONSTRAINT "earning_rule_sets_program_id_fkey"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."redemption_codes_member_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "redemption_codes"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."purchase_refunds_purchase_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "purchase_refunds"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."purchases_store_id_receipt_id_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."purchases_member_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "purchases"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."outbox_events_unpublished_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "outbox_events"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."lot_movements_lot_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "lot_movements"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."lots_open_idx"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."lots_expiring_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "lots"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."journal_entries_transaction_id_account_id_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."journal_entries_account_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "journal_entries"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ledger_accounts_member_id_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ledger_accounts_program_id_kind_key"
        `);
    await queryRunner.query(`
            DROP TABLE "ledger_accounts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."journal_transactions_reverses_transaction_id_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."journal_transactions_member_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "journal_transactions"
        `);
    await queryRunner.query(`
            DROP TABLE "idempotency_keys"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."earning_rule_sets_program_id_version_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."earning_rule_sets_program_id_effective_from_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "earning_rule_sets"
        `);
    await queryRunner.query(`DROP FUNCTION "refuse_direct_change_of_cached_figure"()`);
    await queryRunner.query(`DROP FUNCTION "apply_lot_movements"()`);
    await queryRunner.query(`DROP FUNCTION "post_journal_entries"()`);
  }
}
