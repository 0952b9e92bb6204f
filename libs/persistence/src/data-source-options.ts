import type { DatabaseConfig } from '@loyalty/config';
import type { DataSourceOptions } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';
import { postgresTypes } from './postgres-types';
import { StatementPreparingClient } from './prepared-statements';

/**
 * The one place where a PostgreSQL DataSource is described, for the apps, the CLI and the tests.
 * synchronize stays off: the schema changes only through migrations.
 */
export function buildDataSourceOptions(
  database: DatabaseConfig,
  applicationName: string,
): DataSourceOptions {
  return {
    type: 'postgres',
    host: database.host,
    port: database.port,
    username: database.username,
    password: database.password,
    database: database.name,
    ssl: database.ssl,
    applicationName,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // Query errors reach the problem filter and its structured log; TypeORM's own logger prints
    // plain console lines, so it only reports migrations.
    logging: ['migration'],
    poolSize: database.poolSize,
    connectTimeoutMS: database.connectTimeoutMs,
    extra: {
      types: postgresTypes,
      Client: StatementPreparingClient,
      // The pool's own defaults wait forever for a free connection and keep idle transactions open.
      connectionTimeoutMillis: database.connectTimeoutMs,
      statement_timeout: database.statementTimeoutMs,
      idle_in_transaction_session_timeout: database.statementTimeoutMs * 2,
    },
  };
}
