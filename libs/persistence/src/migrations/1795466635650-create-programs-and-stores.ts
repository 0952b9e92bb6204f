import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProgramsAndStores1795466635650 implements MigrationInterface {
  name = 'CreateProgramsAndStores1795466635650';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "programs" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "code" text NOT NULL,
        "name" text NOT NULL,
        "currency" character(3) NOT NULL,
        "timezone" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "programs_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "programs_code_key" UNIQUE ("code")
      )`);
    await queryRunner.query(`
      CREATE TABLE "stores" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "program_id" uuid NOT NULL,
        "code" text NOT NULL,
        "name" text NOT NULL,
        "timezone" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "stores_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "stores_program_id_fkey" FOREIGN KEY ("program_id")
          REFERENCES "programs" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "stores_program_id_code_key" ON "stores" ("program_id", "code")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "stores"`);
    await queryRunner.query(`DROP TABLE "programs"`);
  }
}
