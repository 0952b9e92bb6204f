import { MigrationInterface, QueryRunner } from 'typeorm';
import { searchNameOf } from '../repositories/members/search-name';

const BACKFILL_PAGE = 5_000;

/**
 * The desk's member search and list: names found by the prefix of any word, accent- and
 * case-insensitively, through a trigram index (pg_trgm, a trusted extension: the database's owner
 * may create it); the list of a program's members newest first, by keyset on enrolment.
 */
export class MemberSearch1796400000001 implements MigrationInterface {
  name = 'MemberSearch1796400000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS "pg_trgm"`);
    await queryRunner.query(`ALTER TABLE "members" ADD "search_name" text`);
    // Folded here, not in SQL, so the stored form is exactly what the app searches for.
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const page = (await queryRunner.query(
        `SELECT id, name FROM members WHERE id > $1 AND name IS NOT NULL ORDER BY id LIMIT $2`,
        [after, BACKFILL_PAGE],
      )) as { id: string; name: string }[];
      if (page.length === 0) break;
      await queryRunner.query(
        `UPDATE members m SET search_name = s.search_name
           FROM unnest($1::uuid[], $2::text[]) AS s(id, search_name) WHERE m.id = s.id`,
        [page.map((row) => row.id), page.map((row) => searchNameOf(row.name))],
      );
      after = page[page.length - 1]!.id;
    }
    await queryRunner.query(`
            CREATE INDEX "members_search_name_trgm_idx"
                ON "members" USING gin ("search_name" gin_trgm_ops)
        `);
    await queryRunner.query(`
            CREATE INDEX "members_program_id_enrolled_at_idx"
                ON "members" ("program_id", "enrolled_at", "id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "members_program_id_enrolled_at_idx"`);
    await queryRunner.query(`DROP INDEX "members_search_name_trgm_idx"`);
    await queryRunner.query(`ALTER TABLE "members" DROP COLUMN "search_name"`);
  }
}
