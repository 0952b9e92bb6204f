import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Staff and their sessions, POS API keys, members, cards with their stock and audit trail. */
export class CreateStaffMembersAndCards1795482298025 implements MigrationInterface {
  name = 'CreateStaffMembersAndCards1795482298025';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
        CREATE TABLE "staff_members" (
            "id" uuid NOT NULL DEFAULT gen_random_uuid(),
            "program_id" uuid NOT NULL,
            "email" text NOT NULL,
            "display_name" text NOT NULL,
            "role" text NOT NULL,
            "store_id" uuid,
            "password_hash" text NOT NULL,
            "disabled_at" TIMESTAMP WITH TIME ZONE,
            "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
            "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
            CONSTRAINT "staff_members_store_scope_check" CHECK (
                ("role" IN ('clerk', 'manager')) = ("store_id" IS NOT NULL)
            ),
            CONSTRAINT "staff_members_role_check" CHECK (
                "role" IN ('clerk', 'manager', 'admin', 'marketing')
            ),
            CONSTRAINT "staff_members_pkey" PRIMARY KEY ("id")
        )
    `);
    await queryRunner.query(`
        CREATE UNIQUE INDEX "staff_members_email_key" ON "staff_members" ("email")
    `);
    await queryRunner.query(`
        CREATE TABLE "card_batches" (
            "id" uuid NOT NULL DEFAULT gen_random_uuid(),
            "program_id" uuid NOT NULL,
            "label" text NOT NULL,
            "quantity" integer NOT NULL,
            "created_by_staff_id" uuid,
            "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
            CONSTRAINT "card_batches_pkey" PRIMARY KEY ("id")
        )
    `);
    await queryRunner.query(`
        CREATE TABLE "members" (
            "id" uuid NOT NULL DEFAULT gen_random_uuid(),
            "program_id" uuid NOT NULL,
            "name" text,
            "email" text,
            "phone" text,
            "enrolled_store_id" uuid NOT NULL,
            "enrolled_by_staff_id" uuid,
            "acquisition_channel" text NOT NULL,
            "acquisition_campaign" text,
            "acquisition_cost_minor" bigint,
            "acquisition_cost_currency" character(3),
            "marketing_consent" boolean NOT NULL DEFAULT false,
            "marketing_consent_at" TIMESTAMP WITH TIME ZONE,
            "tier" text,
            "enrolled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
            "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
            "erased_at" TIMESTAMP WITH TIME ZONE,
            CONSTRAINT "members_contact_check" CHECK (
                "erased_at" IS NOT NULL
                OR "email" IS NOT NULL
                OR "phone" IS NOT NULL
            ),
            CONSTRAINT "members_consent_check" CHECK (
                NOT "marketing_consent"
                OR "marketing_consent_at" IS NOT NULL
            ),
            CONSTRAINT "members_acquisition_cost_check" CHECK (
                ("acquisition_cost_minor" IS NULL) = ("acquisition_cost_currency" IS NULL)
                AND "acquisition_cost_minor" >= 0
            ),
            CONSTRAINT "members_acquisition_channel_check" CHECK (
                "acquisition_channel" IN (
                    'store',
                    'web',
                    'app',
                    'referral',
                    'partner',
                    'paid_social',
                    'paid_search',
                    'email',
                    'other'
                )
            ),
            CONSTRAINT "members_pkey" PRIMARY KEY ("id")
        )
    `);
    await queryRunner.query(`
        CREATE UNIQUE INDEX "members_program_id_phone_key" ON "members" ("program_id", "phone")
        WHERE "phone" IS NOT NULL
    `);
    await queryRunner.query(`
        CREATE UNIQUE INDEX "members_program_id_email_key" ON "members" ("program_id", "email")
        WHERE "email" IS NOT NULL
    `);
    await queryRunner.query(`
        CREATE TABLE "cards" (
            "id" uuid NOT NULL DEFAULT gen_random_uuid(),
            "program_id" uuid NOT NULL,
            "member_id" uuid,
            "number" text NOT NULL,
            "kind" text NOT NULL,
            "status" text NOT NULL,
            "block_reason" text,
            "replaced_by_card_id" uuid,
            "batch_id" uuid,
            "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
            "activated_at" TIMESTAMP WITH TIME ZONE,
            "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
            CONSTRAINT "cards_virtual_batch_check" CHECK (
                "kind" = 'physical'
                OR "batch_id" IS NULL
            ),
            CONSTRAINT "cards_blocked_reason_check" CHECK (
                "status" <> 'blocked'
                OR "block_reason" IS NOT NULL
            ),
            CONSTRAINT "cards_active_member_check" CHECK (
                "status" = 'issued'
                OR "member_id" IS NOT NULL
            ),
            CONSTRAINT "cards_block_reason_check" CHECK (
                "block_reason" IN (
                    'lost',
                    'stolen',
                    'fraud',
                    'damaged',
                    'member_erased'
                )
            ),
            CONSTRAINT "cards_status_check" CHECK (
                "status" IN ('issued', 'active', 'blocked', 'replaced')
            ),
            CONSTRAINT "cards_kind_check" CHECK ("kind" IN ('physical', 'virtual')),
            CONSTRAINT "cards_number_check" CHECK ("number" ~ '^[0-9]{19}$'),
            CONSTRAINT "cards_pkey" PRIMARY KEY ("id")
        )
    `);
    await queryRunner.query(`
        CREATE INDEX "cards_batch_id_idx" ON "cards" ("batch_id")
    `);
    await queryRunner.query(`
        CREATE INDEX "cards_member_id_idx" ON "cards" ("member_id")
    `);
    await queryRunner.query(`
        CREATE UNIQUE INDEX "cards_number_key" ON "cards" ("number")
    `);
    await queryRunner.query(`
        CREATE TABLE "card_events" (
            "id" uuid NOT NULL DEFAULT gen_random_uuid(),
            "card_id" uuid NOT NULL,
            "from_status" text,
            "to_status" text NOT NULL,
            "reason" text,
            "actor_kind" text NOT NULL,
            "actor_id" uuid,
            "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
            CONSTRAINT "card_events_actor_kind_check" CHECK ("actor_kind" IN ('staff', 'member', 'system')),
            CONSTRAINT "card_events_pkey" PRIMARY KEY ("id")
        )
    `);
    await queryRunner.query(`
        CREATE INDEX "card_events_card_id_idx" ON "card_events" ("card_id", "occurred_at")
    `);
    await queryRunner.query(`
        CREATE TABLE "member_sign_in_codes" (
            "id" uuid NOT NULL,
            "member_id" uuid NOT NULL,
            "code_hash" bytea NOT NULL,
            "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
            "attempts" integer NOT NULL DEFAULT 0,
            "consumed_at" TIMESTAMP WITH TIME ZONE,
            "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
            CONSTRAINT "member_sign_in_codes_pkey" PRIMARY KEY ("id")
        )
    `);
    await queryRunner.query(`
        CREATE INDEX "member_sign_in_codes_member_id_idx" ON "member_sign_in_codes" ("member_id", "created_at")
    `);
    await queryRunner.query(`
        CREATE TABLE "pos_api_keys" (
            "id" uuid NOT NULL,
            "program_id" uuid NOT NULL,
            "store_id" uuid NOT NULL,
            "terminal_code" text NOT NULL,
            "label" text,
            "secret_hash" bytea NOT NULL,
            "created_by_staff_id" uuid,
            "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
            "revoked_at" TIMESTAMP WITH TIME ZONE,
            CONSTRAINT "pos_api_keys_pkey" PRIMARY KEY ("id")
        )
    `);
    await queryRunner.query(`
        CREATE INDEX "pos_api_keys_store_id_idx" ON "pos_api_keys" ("store_id")
    `);
    await queryRunner.query(`
        CREATE TABLE "refresh_tokens" (
            "id" uuid NOT NULL,
            "family_id" uuid NOT NULL,
            "subject_kind" text NOT NULL,
            "subject_id" uuid NOT NULL,
            "secret_hash" bytea NOT NULL,
            "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
            "spent_at" TIMESTAMP WITH TIME ZONE,
            "revoked_at" TIMESTAMP WITH TIME ZONE,
            "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
            CONSTRAINT "refresh_tokens_subject_kind_check" CHECK ("subject_kind" IN ('staff', 'member')),
            CONSTRAINT "refresh_tokens_pkey" PRIMARY KEY ("id")
        )
    `);
    await queryRunner.query(`
        CREATE INDEX "refresh_tokens_subject_idx" ON "refresh_tokens" ("subject_kind", "subject_id")
    `);
    await queryRunner.query(`
        CREATE INDEX "refresh_tokens_family_id_idx" ON "refresh_tokens" ("family_id")
    `);
    await queryRunner.query(`
        ALTER TABLE "programs"
        ADD "card_prefix" text NOT NULL DEFAULT '628000'
    `);
    await queryRunner.query(`
        ALTER TABLE "programs"
        ADD "max_active_cards_per_member" integer NOT NULL DEFAULT 1
    `);
    await queryRunner.query(`
        ALTER TABLE "programs"
        ADD "phone_region" character(2)
    `);
    await queryRunner.query(`
        ALTER TABLE "programs"
        ADD CONSTRAINT "programs_max_active_cards_check" CHECK ("max_active_cards_per_member" >= 1)
    `);
    await queryRunner.query(`
        ALTER TABLE "programs"
        ADD CONSTRAINT "programs_card_prefix_check" CHECK ("card_prefix" ~ '^[0-9]{4,8}$')
    `);
    await queryRunner.query(`
        ALTER TABLE "staff_members"
        ADD CONSTRAINT "staff_members_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
        ALTER TABLE "staff_members"
        ADD CONSTRAINT "staff_members_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
        ALTER TABLE "card_batches"
        ADD CONSTRAINT "card_batches_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
        ALTER TABLE "card_batches"
        ADD CONSTRAINT "card_batches_created_by_staff_id_fkey" FOREIGN KEY ("created_by_staff_id") REFERENCES "staff_members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
        ALTER TABLE "members"
        ADD CONSTRAINT "members_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
        ALTER TABLE "members"
        ADD CONSTRAINT "members_enrolled_store_id_fkey" FOREIGN KEY ("enrolled_store_id") REFERENCES "stores"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
        ALTER TABLE "members"
        ADD CONSTRAINT "members_enrolled_by_staff_id_fkey" FOREIGN KEY ("enrolled_by_staff_id") REFERENCES "staff_members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
        ALTER TABLE "cards"
        ADD CONSTRAINT "cards_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
        ALTER TABLE "cards"
        ADD CONSTRAINT "cards_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
        ALTER TABLE "cards"
        ADD CONSTRAINT "cards_replaced_by_card_id_fkey" FOREIGN KEY ("replaced_by_card_id") REFERENCES "cards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
        ALTER TABLE "cards"
        ADD CONSTRAINT "cards_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "card_batches"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
        ALTER TABLE "card_events"
        ADD CONSTRAINT "card_events_card_id_fkey" FOREIGN KEY ("card_id") REFERENCES "cards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
        ALTER TABLE "member_sign_in_codes"
        ADD CONSTRAINT "member_sign_in_codes_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
        ALTER TABLE "pos_api_keys"
        ADD CONSTRAINT "pos_api_keys_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
        ALTER TABLE "pos_api_keys"
        ADD CONSTRAINT "pos_api_keys_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    await queryRunner.query(`
        ALTER TABLE "pos_api_keys"
        ADD CONSTRAINT "pos_api_keys_created_by_staff_id_fkey" FOREIGN KEY ("created_by_staff_id") REFERENCES "staff_members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
    `);

    // The audit trail is append-only: a correction is a new event, never an edit.
    await queryRunner.query(`
        CREATE FUNCTION "refuse_change_of_append_only_row"() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'restrict_violation';
        END
        $$
    `);
    await queryRunner.query(`
        CREATE TRIGGER "card_events_append_only"
        BEFORE UPDATE OR DELETE ON "card_events"
        FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_of_append_only_row"()
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'refresh_tokens',
      'pos_api_keys',
      'member_sign_in_codes',
      'card_events',
      'cards',
      'card_batches',
      'members',
      'staff_members',
    ]) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "refuse_change_of_append_only_row"()`);
    await queryRunner.query(`
      ALTER TABLE "programs"
        DROP CONSTRAINT "programs_card_prefix_check",
        DROP CONSTRAINT "programs_max_active_cards_check",
        DROP COLUMN "phone_region",
        DROP COLUMN "max_active_cards_per_member",
        DROP COLUMN "card_prefix"`);
  }
}
