import { MigrationInterface, QueryRunner } from 'typeorm';

/** Webhook endpoints for value events, and their delivery log. */
export class CreateWebhooks1795523311750 implements MigrationInterface {
  name = 'CreateWebhooks1795523311750';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "webhook_endpoints" (
                "id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "url" text NOT NULL,
                "secret" text NOT NULL,
                "event_types" text array NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "disabled_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "webhook_endpoints_program_id_idx" ON "webhook_endpoints" ("program_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "webhook_deliveries" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "endpoint_id" uuid NOT NULL,
                "outbox_id" bigint NOT NULL,
                "event_type" text NOT NULL,
                "attempt" integer NOT NULL,
                "status_code" integer,
                "error" text,
                "succeeded" boolean NOT NULL,
                "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "webhook_deliveries_endpoint_id_idx" ON "webhook_deliveries" ("endpoint_id", "attempted_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_endpoints"
            ADD CONSTRAINT "webhook_endpoints_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_deliveries"
            ADD CONSTRAINT "webhook_deliveries_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_endpoint_id_fkey"
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_endpoints" DROP CONSTRAINT "webhook_endpoints_program_id_fkey"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."webhook_deliveries_endpoint_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_deliveries"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."webhook_endpoints_program_id_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_endpoints"
        `);
  }
}
