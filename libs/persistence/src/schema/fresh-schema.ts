import type { DatabaseConfig } from '@loyalty/config';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../data-source-options';
import { dropDatabase, ensureDatabaseExists } from '../database-admin';
import { describeRowTypes } from './describe-row-types';
import { describeSchema } from './describe-schema';

/** Where the checked-in description lives, from the project's root. */
export const SCHEMA_FILE = 'libs/persistence/schema.sql';

/** Where the row types generated from it live, from the project's root. */
export const ROW_TYPES_FILE = 'libs/persistence/src/schema/rows.ts';

/** The schema as SQL to read, and its tables' row types for the raw statements. */
export interface FreshSchema {
  readonly sql: string;
  readonly rowTypes: string;
}

/**
 * The schema that every migration gives an empty database, described: a scratch database beside
 * the configured one (same server and credentials), migrated, read and dropped.
 */
export async function describeFreshSchema(database: DatabaseConfig): Promise<FreshSchema> {
  const scratch = {
    ...database,
    name: `${database.name}_schema_${randomBytes(4).toString('hex')}`,
  };
  await ensureDatabaseExists(scratch);
  try {
    const dataSource = await new DataSource(
      buildDataSourceOptions(scratch, 'loyalty-schema-dump'),
    ).initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      return {
        sql: await describeSchema(dataSource),
        rowTypes: await describeRowTypes(dataSource),
      };
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await dropDatabase(scratch);
  }
}
