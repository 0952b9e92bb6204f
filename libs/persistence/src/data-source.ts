import 'reflect-metadata';
import { loadLoyaltyConfig } from '@loyalty/config';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';

/** The DataSource the TypeORM CLI uses (migration:generate, migration:revert, migration:show). */
export default new DataSource(buildDataSourceOptions(loadLoyaltyConfig().database, 'typeorm-cli'));
