import { MigrationInterface, QueryRunner } from 'typeorm';

/** Value scoring: policies, CLV model versions, scores, tiers and their history, rewards, snapshots, surveys. */
export class CreateValueScoring1795519450246 implements MigrationInterface {
  name = 'CreateValueScoring1795519450246';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "value_policies" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "program_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "effective_from" TIMESTAMP WITH TIME ZONE NOT NULL,
                "policy" jsonb NOT NULL,
                "created_by_staff_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "value_policies_version_check" CHECK ("version" > 0),
                CONSTRAINT "value_policies_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "value_policies_program_id_version_key" ON "value_policies" ("program_id", "version")
        `);
    await queryRunner.query(`
            CREATE TABLE "clv_models" (
                "id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "status" text NOT NULL,
                "reason" text,
                "data_from" TIMESTAMP WITH TIME ZONE,
                "calibration_end" TIMESTAMP WITH TIME ZONE NOT NULL,
                "observation_end" TIMESTAMP WITH TIME ZONE NOT NULL,
                "members" integer NOT NULL,
                "purchase_model" jsonb NOT NULL,
                "spend_model" jsonb,
                "holdout" jsonb NOT NULL,
                "fit_seconds" double precision NOT NULL,
                "fitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "clv_models_reason_check" CHECK (
                    "status" = 'promoted'
                    OR "reason" IS NOT NULL
                ),
                CONSTRAINT "clv_models_status_check" CHECK ("status" IN ('promoted', 'rejected')),
                CONSTRAINT "clv_models_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "clv_models_program_id_version_key" ON "clv_models" ("program_id", "version")
        `);
    await queryRunner.query(`
            CREATE TABLE "member_scores" (
                "member_id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "clv_model_id" uuid,
                "method" text NOT NULL,
                "frequency" integer NOT NULL,
                "recency_days" double precision NOT NULL,
                "age_days" double precision NOT NULL,
                "monetary_minor" double precision NOT NULL,
                "p_alive" double precision NOT NULL,
                "expected_purchases" double precision NOT NULL,
                "expected_value_minor" double precision NOT NULL,
                "clv_minor" bigint NOT NULL,
                "scored_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "member_scores_method_check" CHECK ("method" IN ('model', 'simple')),
                CONSTRAINT "member_scores_pkey" PRIMARY KEY ("member_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "member_scores_program_id_clv_idx" ON "member_scores" ("program_id", "clv_minor")
        `);
    await queryRunner.query(`
            CREATE TABLE "member_tiers" (
                "member_id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "tier" text NOT NULL,
                "since" TIMESTAMP WITH TIME ZONE NOT NULL,
                "below_since" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "member_tiers_pkey" PRIMARY KEY ("member_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "member_tiers_program_id_tier_idx" ON "member_tiers" ("program_id", "tier")
        `);
    await queryRunner.query(`
            CREATE TABLE "tier_changes" (
                "id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "member_id" uuid NOT NULL,
                "from_tier" text,
                "to_tier" text NOT NULL,
                "kind" text NOT NULL,
                "reason" text NOT NULL,
                "clv_minor" bigint NOT NULL,
                "clv_model_id" uuid,
                "value_policy_version" integer NOT NULL,
                "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "tier_changes_kind_check" CHECK ("kind" IN ('placed', 'upgraded', 'downgraded')),
                CONSTRAINT "tier_changes_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "tier_changes_member_id_idx" ON "tier_changes" ("member_id", "changed_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "reward_grants" (
                "id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "member_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "grant_key" text NOT NULL,
                "points" bigint NOT NULL,
                "reason" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "transaction_id" uuid,
                "paid_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "reward_grants_paid_check" CHECK (("paid_at" IS NULL) = ("transaction_id" IS NULL)),
                CONSTRAINT "reward_grants_points_check" CHECK ("points" > 0),
                CONSTRAINT "reward_grants_kind_check" CHECK ("kind" IN ('tier_upgrade', 'win_back')),
                CONSTRAINT "reward_grants_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "reward_grants_unpaid_idx" ON "reward_grants" ("member_id")
            WHERE "paid_at" IS NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "reward_grants_member_id_grant_key_key" ON "reward_grants" ("member_id", "grant_key")
        `);
    await queryRunner.query(`
            CREATE TABLE "portfolio_snapshots" (
                "id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "clv_model_id" uuid,
                "members_scored" integer NOT NULL,
                "customer_equity_minor" bigint NOT NULL,
                "tier_cutoffs" jsonb NOT NULL,
                "by_tier" jsonb NOT NULL,
                CONSTRAINT "portfolio_snapshots_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "portfolio_snapshots_program_id_taken_at_idx" ON "portfolio_snapshots" ("program_id", "taken_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "survey_responses" (
                "id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "member_id" uuid NOT NULL,
                "store_id" uuid,
                "nps" smallint,
                "csat" smallint,
                "ces" smallint,
                "comment" text,
                "answered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "survey_responses_answered_check" CHECK (
                    "nps" IS NOT NULL
                    OR "csat" IS NOT NULL
                    OR "ces" IS NOT NULL
                ),
                CONSTRAINT "survey_responses_ces_check" CHECK (
                    "ces" BETWEEN 1 AND 7
                ),
                CONSTRAINT "survey_responses_csat_check" CHECK (
                    "csat" BETWEEN 1 AND 5
                ),
                CONSTRAINT "survey_responses_nps_check" CHECK (
                    "nps" BETWEEN 0 AND 10
                ),
                CONSTRAINT "survey_responses_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "survey_responses_program_id_answered_at_idx" ON "survey_responses" ("program_id", "answered_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "value_policies"
            ADD CONSTRAINT "value_policies_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "value_policies"
            ADD CONSTRAINT "value_policies_created_by_staff_id_fkey" FOREIGN KEY ("created_by_staff_id") REFERENCES "staff_members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "clv_models"
            ADD CONSTRAINT "clv_models_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "member_scores"
            ADD CONSTRAINT "member_scores_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "member_scores"
            ADD CONSTRAINT "member_scores_clv_model_id_fkey" FOREIGN KEY ("clv_model_id") REFERENCES "clv_models"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "member_tiers"
            ADD CONSTRAINT "member_tiers_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "tier_changes"
            ADD CONSTRAINT "tier_changes_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "tier_changes"
            ADD CONSTRAINT "tier_changes_clv_model_id_fkey" FOREIGN KEY ("clv_model_id") REFERENCES "clv_models"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "reward_grants"
            ADD CONSTRAINT "reward_grants_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "portfolio_snapshots"
            ADD CONSTRAINT "portfolio_snapshots_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "survey_responses"
            ADD CONSTRAINT "survey_responses_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    // The tier history is the audit trail of every tier decision: never edited.
    await queryRunner.query(`
            CREATE TRIGGER "tier_changes_append_only"
            BEFORE UPDATE OR DELETE OR TRUNCATE ON "tier_changes"
            FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_of_append_only_row"()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "survey_responses" DROP CONSTRAINT "survey_responses_member_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "portfolio_snapshots" DROP CONSTRAINT "portfolio_snapshots_program_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "reward_grants" DROP CONSTRAINT "reward_grants_member_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "tier_changes" DROP CONSTRAINT "tier_changes_clv_model_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "tier_changes" DROP CONSTRAINT "tier_changes_member_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "member_tiers" DROP CONSTRAINT "member_tiers_member_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "member_scores" DROP CONSTRAINT "member_scores_clv_model_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "member_scores" DROP CONSTRAINT "member_scores_member_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "clv_models" DROP CONSTRAINT "clv_models_program_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "value_policies" DROP CONSTRAINT "value_policies_created_by_staff_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "value_policies" DROP CONSTRAINT "value_policies_program_id_fkey"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."survey_responses_program_id_answered_at_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "survey_responses"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."portfolio_snapshots_program_id_taken_at_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "portfolio_snapshots"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."reward_grants_member_id_grant_key_key"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."reward_grants_unpaid_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "reward_grants"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."tier_changes_member_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "tier_changes"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."member_tiers_program_id_tier_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "member_tiers"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."member_scores_program_id_clv_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "member_scores"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."clv_models_program_id_version_key"
        `);
    await queryRunner.query(`
            DROP TABLE "clv_models"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."value_policies_program_id_version_key"
        `);
    await queryRunner.query(`
            DROP TABLE "value_policies"
        `);
  }
}
