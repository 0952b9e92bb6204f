import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delivery log records the event id as the receiver sees it (`loyalty-event-id`), whatever
 * its shape: a bigint column made logging fail for any other id, and the failed log retried the
 * delivery itself.
 */
export class WebhookEventIdsAsText1796227200000 implements MigrationInterface {
  name = 'WebhookEventIdsAsText1796227200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" ALTER COLUMN "outbox_id" TYPE text USING "outbox_id"::text`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DELETE FROM "webhook_deliveries" WHERE "outbox_id" !~ '^[0-9]{1,19}$'`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" ALTER COLUMN "outbox_id" TYPE bigint USING "outbox_id"::bigint`,
    );
  }
}
