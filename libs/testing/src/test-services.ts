import { loadLoyaltyConfig, type LoyaltyConfig } from '@loyalty/config';
import { buildDataSourceOptions } from '@loyalty/persistence';
import { DataSource } from 'typeorm';

/** The configuration of this test run (its database and Redis prefix come from test/setup). */
export const testConfig = (): LoyaltyConfig => loadLoyaltyConfig();

/** A DataSource on the test run's database, for arranging and checking state. */
export async function openTestDataSource(): Promise<DataSource> {
  const dataSource = new DataSource(buildDataSourceOptions(testConfig().database, 'jest'));
  return dataSource.initialize();
}

export { deleteRedisKeys } from './redis-keys';
