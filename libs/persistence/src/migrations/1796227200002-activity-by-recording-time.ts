import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The score reconciliation reads the purchases and refunds recorded in its window. */
export class ActivityByRecordingTime1796227200002 implements MigrationInterface {
  name = 'ActivityByRecordingTime1796227200002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "purchases_recorded_at_idx" ON "purchases" ("recorded_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "purchase_refunds_recorded_at_idx" ON "purchase_refunds" ("recorded_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."purchase_refunds_recorded_at_idx"`);
    await queryRunner.query(`DROP INDEX "public"."purchases_recorded_at_idx"`);
  }
}
