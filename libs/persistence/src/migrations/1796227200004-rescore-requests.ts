import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Full rescores asked for by program admins: who, when, and what each did. */
export class RescoreRequests1796227200004 implements MigrationInterface {
  name = 'RescoreRequests1796227200004';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "rescore_requests" (
                "id" uuid NOT NULL,
                "program_id" uuid NOT NULL,
                "requested_by" uuid NOT NULL,
                "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "finished_at" TIMESTAMP WITH TIME ZONE,
                "scored" integer,
                "tier_changes" integer,
                "rewards_paid" integer,
                CONSTRAINT "rescore_requests_pkey" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(
      `CREATE INDEX "rescore_requests_program_id_requested_at_idx" ON "rescore_requests" ("program_id", "requested_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "rescore_requests" ADD CONSTRAINT "rescore_requests_program_id_fkey" FOREIGN KEY ("program_id") REFERENCES "programs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "rescore_requests"`);
  }
}
