import type { DatabaseConfig } from '@loyalty/config';
import { Client } from 'pg';

async function withMaintenanceConnection<T>(
  database: DatabaseConfig,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({
    host: database.host,
    port: database.port,
    user: database.username,
    password: database.password,
    database: 'postgres',
    ssl: database.ssl,
    connectionTimeoutMillis: database.connectTimeoutMs,
    application_name: 'loyalty-database-admin',
  });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Quotes an identifier that DATABASE_NAME's validation already limited to [A-Za-z0-9_]. */
const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Creates the configured database unless it exists; returns whether it created it. */
export function ensureDatabaseExists(database: DatabaseConfig): Promise<boolean> {
  return withMaintenanceConnection(database, async (client) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database.name,
    ]);
    if (existing.rowCount) return false;
    await client.query(`CREATE DATABASE ${quoteIdentifier(database.name)}`);
    return true;
  });
}

/** Drops the configured database, closing the connections still open to it. */
export function dropDatabase(database: DatabaseConfig): Promise<void> {
  return withMaintenanceConnection(database, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database.name)} WITH (FORCE)`);
  });
}
