import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One survey voice per member, store and month (decision 0009): answers get the month they count
 * for, in the program's time zone; of earlier duplicates only the latest answer is kept.
 */
export class OneSurveyVoice1796140800001 implements MigrationInterface {
  name = 'OneSurveyVoice1796140800001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "survey_responses" ADD "period_start" date`);
    await queryRunner.query(`
            UPDATE "survey_responses" s
               SET "period_start" = date_trunc('month', s."answered_at" AT TIME ZONE p."timezone")::date
              FROM "programs" p WHERE p."id" = s."program_id"
        `);
    await queryRunner.query(`
            DELETE FROM "survey_responses" s
             WHERE EXISTS (SELECT 1 FROM "survey_responses" later
                            WHERE later."member_id" = s."member_id"
                              AND later."store_id" IS NOT DISTINCT FROM s."store_id"
                              AND later."period_start" = s."period_start"
                              AND (later."answered_at", later."id") > (s."answered_at", s."id"))
        `);
    await queryRunner.query(
      `ALTER TABLE "survey_responses" ALTER COLUMN "period_start" SET NOT NULL`,
    );
    await queryRunner.query(`
            CREATE UNIQUE INDEX "survey_responses_one_voice_per_store_key"
                ON "survey_responses" ("member_id", "store_id", "period_start")
             WHERE "store_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "survey_responses_one_voice_key"
                ON "survey_responses" ("member_id", "period_start")
             WHERE "store_id" IS NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."survey_responses_one_voice_key"`);
    await queryRunner.query(`DROP INDEX "public"."survey_responses_one_voice_per_store_key"`);
    await queryRunner.query(`ALTER TABLE "survey_responses" DROP COLUMN "period_start"`);
  }
}
