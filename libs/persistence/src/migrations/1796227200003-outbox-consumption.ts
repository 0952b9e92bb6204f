import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The worker marks each outbox event it has consumed. Rows published before this migration are
 * taken as consumed: they were relayed when Redis was the only record, and replaying history
 * would re-run it (`npm run outbox:replay` does that on purpose, for a time range).
 */
export class OutboxConsumption1796227200003 implements MigrationInterface {
  name = 'OutboxConsumption1796227200003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "outbox_events" ADD "consumed_at" TIMESTAMP WITH TIME ZONE,
         ADD "publish_count" integer NOT NULL DEFAULT 0`,
    );
    await queryRunner.query(
      `UPDATE "outbox_events" SET "consumed_at" = "published_at" WHERE "published_at" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_events_unconsumed_idx" ON "outbox_events" ("published_at")
        WHERE "consumed_at" IS NULL AND "published_at" IS NOT NULL`,
    );
    // The webhook sweep: events consumed lately, and whether each delivery succeeded.
    await queryRunner.query(
      `CREATE INDEX "outbox_events_consumed_at_idx" ON "outbox_events" ("consumed_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "webhook_deliveries_succeeded_idx" ON "webhook_deliveries" ("outbox_id", "endpoint_id")
        WHERE "succeeded"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."webhook_deliveries_succeeded_idx"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_events_consumed_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_events_unconsumed_idx"`);
    await queryRunner.query(
      `ALTER TABLE "outbox_events" DROP COLUMN "consumed_at", DROP COLUMN "publish_count"`,
    );
  }
}
