import 'reflect-metadata';
// Jest runs global setup outside its module registry (no moduleNameMapper): relative imports.
import { loadLoyaltyConfig } from '../../libs/config/src/loyalty-config';
import { dropDatabase } from '../../libs/persistence/src/database-admin';
import { deleteRedisKeys } from '../../libs/testing/src/redis-keys';

export default async function globalTeardown(): Promise<void> {
  const config = loadLoyaltyConfig();
  await dropDatabase(config.database);
  await deleteRedisKeys(config);
}
