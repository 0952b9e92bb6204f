import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The program's language: the console (and later the member-facing texts) default to it. A BCP 47
 * tag of a language and an optional region (`fr`, `fr-BE`); existing programs keep English.
 */
export class ProgramLocale1796572800000 implements MigrationInterface {
  name = 'ProgramLocale1796572800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "programs"
                ADD "locale" text NOT NULL DEFAULT 'en',
                ADD CONSTRAINT "programs_locale_check" CHECK ("locale" ~ '^[a-z]{2,3}(-[A-Z]{2})?$')
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "programs" DROP CONSTRAINT "programs_locale_check"`);
    await queryRunner.query(`ALTER TABLE "programs" DROP COLUMN "locale"`);
  }
}
