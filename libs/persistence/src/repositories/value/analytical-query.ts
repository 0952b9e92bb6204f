import type { DataSource } from 'typeorm';

/**
 * Whole-program reads (a fit's summaries, percentiles, snapshots) scan every purchase: minutes on
 * a large program, beyond the pool's statement timeout that protects the HTTP paths.
 */
const ANALYTICAL_STATEMENT_TIMEOUT = '30min';

export function analyticalQuery<T>(
  dataSource: DataSource,
  sql: string,
  parameters: unknown[],
): Promise<T> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`SET LOCAL statement_timeout = '${ANALYTICAL_STATEMENT_TIMEOUT}'`);
    return manager.query<T>(sql, parameters);
  });
}
