import type { DatabaseConfig } from '@loyalty/config';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../data-source-options';
import { dropDatabase, ensureDatabaseExists } from '../database-admin';
import { describeSchema } from './describe-schema';

/** Where the checked-in description lives, from the project's root. */
export const SCHEMA_FILE = 'libs/persistence/schema.sql';

/**
 * The schema that every migration gives an empty database, described: a scratch database beside
 * the configured one (same server and credentials), migrated, read and dropped.
 */
export async function describeFreshSchema(database: DatabaseConfig): Promise<string> {
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
      return await describeSchema(dataSource);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await dropDatabase(scratch);
  }
}
