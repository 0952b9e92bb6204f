import { type DatabaseConfig, loadLoyaltyConfig } from '@loyalty/config';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';
import { dropDatabase, ensureDatabaseExists } from './database-admin';
import { migrations } from './migrations';
import { preparedNameOf } from './prepared-statements';

const open = (database: DatabaseConfig) =>
  new DataSource(buildDataSourceOptions(database, 'jest-schema')).initialize();

describe('the database schema', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await open(loadLoyaltyConfig().database);
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('is exactly what the entities describe once migrated (no pending change)', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('has every migration applied', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('reads bigint as a checked number, never a string', async () => {
    const [row] = await dataSource.query<{ max: unknown; count: unknown; list: unknown }[]>(
      `SELECT 9007199254740991::bigint AS max, count(*) AS count, ARRAY[1, 2]::bigint[] AS list
         FROM generate_series(1, 3)`,
    );
    expect(row).toEqual({ max: 9007199254740991, count: 3, list: [1, 2] });
  });

  it('fails the query rather than round a bigint past the safe range', async () => {
    await expect(dataSource.query('SELECT 9007199254740993::bigint AS value')).rejects.toThrow(
      'bigint value 9007199254740993 is not a safe integer',
    );
    // The connection that saw the error is still good for the next query.
    expect(await dataSource.query<{ one: number }[]>('SELECT 1::bigint AS one')).toEqual([
      { one: 1 },
    ]);
  });

  it('prepares a parameterised statement once per connection and runs one without parameters unnamed', async () => {
    const runner = dataSource.createQueryRunner();
    try {
      const text = 'SELECT $1::int + 1 AS next';
      expect(await runner.query(text, [1])).toEqual([{ next: 2 }]);
      expect(await runner.query(text, [41])).toEqual([{ next: 42 }]);
      await runner.query('SELECT 2 AS two; SELECT 3 AS three');
      const prepared: unknown = await runner.query(
        `SELECT name, statement FROM pg_prepared_statements
          WHERE statement LIKE '%next' OR statement LIKE '%two%'`,
      );
      expect(prepared).toEqual([{ name: preparedNameOf(text), statement: text }]);
    } finally {
      await runner.release();
    }
  });

  it('refuses a store whose program does not exist', async () => {
    await expect(
      dataSource.query(
        `INSERT INTO stores (program_id, code, name, timezone) VALUES (gen_random_uuid(), 'X', 'X', 'UTC')`,
      ),
    ).rejects.toThrow('stores_program_id_fkey');
  });

  it('migrates an empty database up, all the way down, and up again', async () => {
    const scratch = {
      ...loadLoyaltyConfig().database,
      name: `loyalty_scratch_${randomBytes(4).toString('hex')}`,
    };
    await ensureDatabaseExists(scratch);
    const migrating = await open(scratch);
    try {
      expect(await migrating.runMigrations()).toHaveLength(migrations.length);
      for (let applied = migrations.length; applied > 0; applied -= 1) {
        await migrating.undoLastMigration();
      }
      const [tables] = await migrating.query<{ count: number }[]>(
        `SELECT count(*) AS count FROM information_schema.tables
          WHERE table_schema = 'public' AND table_name IN ('programs', 'stores')`,
      );
      expect(tables).toEqual({ count: 0 });
      expect(await migrating.runMigrations()).toHaveLength(migrations.length);
    } finally {
      await migrating.destroy();
      await dropDatabase(scratch);
    }
  });
});
