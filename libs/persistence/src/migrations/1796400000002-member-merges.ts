import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = `'purchase_earn', 'refund', 'redemption', 'expiry', 'transfer', 'adjustment', 'reward', 'reversal', 'forfeiture', 'hold', 'hold_release', 'hold_capture'`;
const FOLLOWING_MERGES = ['purchases', 'tier_changes'];

/**
 * Merging a duplicate member into another (docs/decisions/0015-member-merges.md). The duplicate
 * stays, pointing at the member it was merged into; the audit row says who merged it, why, and
 * what moved. Purchases and tier changes stay append-only but for one change: following a merge
 * to the member their member was merged into, which the database checks itself.
 */
export class MemberMerges1796400000002 implements MigrationInterface {
  name = 'MemberMerges1796400000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "journal_transactions"
                DROP CONSTRAINT "journal_transactions_kind_check",
                ADD CONSTRAINT "journal_transactions_kind_check" CHECK ("kind" IN (${KINDS_BEFORE}, 'merge'))
        `);
    await queryRunner.query(`
            ALTER TABLE "members"
                ADD "merged_into_member_id" uuid,
                ADD "merged_at" TIMESTAMP WITH TIME ZONE,
                ADD CONSTRAINT "members_merged_into_member_id_fkey" FOREIGN KEY ("merged_into_member_id")
                    REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                ADD CONSTRAINT "members_merge_check"
                    CHECK (("merged_into_member_id" IS NULL) = ("merged_at" IS NULL) AND "merged_into_member_id" <> "id"),
                DROP CONSTRAINT "members_contact_check",
                ADD CONSTRAINT "members_contact_check"
                    CHECK ("erased_at" IS NOT NULL OR "merged_into_member_id" IS NOT NULL OR "email" IS NOT NULL OR "phone" IS NOT NULL)
        `);
    await queryRunner.query(`
            CREATE TABLE "member_merges" (
                "id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "duplicate_member_id" uuid NOT NULL,
                "survivor_member_id" uuid NOT NULL,
                "merged_by" uuid NOT NULL,
                "reason" text NOT NULL,
                "transaction_id" uuid,
                "moved" jsonb NOT NULL,
                "merged_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "member_merges_pkey" PRIMARY KEY ("id"),
                CONSTRAINT "member_merges_two_members_check"
                    CHECK ("duplicate_member_id" <> "survivor_member_id"),
                CONSTRAINT "member_merges_program_id_fkey" FOREIGN KEY ("program_id")
                    REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "member_merges_duplicate_member_id_fkey" FOREIGN KEY ("duplicate_member_id")
                    REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "member_merges_survivor_member_id_fkey" FOREIGN KEY ("survivor_member_id")
                    REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "member_merges_merged_by_fkey" FOREIGN KEY ("merged_by")
                    REFERENCES "staff_members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION,
                CONSTRAINT "member_merges_transaction_id_fkey" FOREIGN KEY ("transaction_id")
                    REFERENCES "journal_transactions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "member_merges_duplicate_member_id_key"
                ON "member_merges" ("duplicate_member_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "member_merges_survivor_member_id_idx"
                ON "member_merges" ("survivor_member_id")
        `);
    await queryRunner.query(`
            CREATE FUNCTION "refuse_change_but_a_merge"() RETURNS trigger
            LANGUAGE plpgsql
            AS $$
            BEGIN
                IF (to_jsonb(NEW) - 'member_id') IS DISTINCT FROM (to_jsonb(OLD) - 'member_id')
                   OR NOT EXISTS (SELECT 1 FROM "members"
                                   WHERE "id" = OLD."member_id"
                                     AND "merged_into_member_id" = NEW."member_id") THEN
                    RAISE EXCEPTION '% is append-only: only a merge moves a row to the member its member was merged into', TG_TABLE_NAME
                        USING ERRCODE = 'restrict_violation';
                END IF;
                RETURN NEW;
            END
            $$
        `);
    for (const table of FOLLOWING_MERGES) {
      await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
      await queryRunner.query(`
            CREATE TRIGGER "${table}_append_only"
            BEFORE DELETE OR TRUNCATE ON "${table}"
            FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_of_append_only_row"()
        `);
      await queryRunner.query(`
            CREATE TRIGGER "${table}_follow_merge"
            BEFORE UPDATE ON "${table}"
            FOR EACH ROW EXECUTE FUNCTION "refuse_change_but_a_merge"()
        `);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of FOLLOWING_MERGES) {
      await queryRunner.query(`DROP TRIGGER "${table}_follow_merge" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
      await queryRunner.query(`
            CREATE TRIGGER "${table}_append_only"
            BEFORE DELETE OR UPDATE OR TRUNCATE ON "${table}"
            FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_of_append_only_row"()
        `);
    }
    await queryRunner.query(`DROP FUNCTION "refuse_change_but_a_merge"()`);
    await queryRunner.query(`DROP TABLE "member_merges"`);
    await queryRunner.query(`
            ALTER TABLE "members"
                DROP CONSTRAINT "members_contact_check",
                ADD CONSTRAINT "members_contact_check"
                    CHECK ("erased_at" IS NOT NULL OR "email" IS NOT NULL OR "phone" IS NOT NULL),
                DROP CONSTRAINT "members_merge_check",
                DROP CONSTRAINT "members_merged_into_member_id_fkey",
                DROP COLUMN "merged_at",
                DROP COLUMN "merged_into_member_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "journal_transactions"
                DROP CONSTRAINT "journal_transactions_kind_check",
                ADD CONSTRAINT "journal_transactions_kind_check" CHECK ("kind" IN (${KINDS_BEFORE}))
        `);
  }
}
