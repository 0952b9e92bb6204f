import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A staff email is unique within its program, not across programs: a global index answered a
 * program admin's "create staff" with a conflict that disclosed another program's account. The
 * plain index keeps sign-in by email (across programs) an index scan.
 */
export class StaffEmailPerProgram1796227200001 implements MigrationInterface {
  name = 'StaffEmailPerProgram1796227200001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."staff_members_email_key"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "staff_members_program_id_email_key" ON "staff_members" ("program_id", "email")`,
    );
    await queryRunner.query(`CREATE INDEX "staff_members_email_idx" ON "staff_members" ("email")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."staff_members_email_idx"`);
    await queryRunner.query(`DROP INDEX "public"."staff_members_program_id_email_key"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "staff_members_email_key" ON "staff_members" ("email")`,
    );
  }
}
