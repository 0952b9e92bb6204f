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

/**
 * A member's acquisition cost (`m` a member, `c` their acquisition campaign, left-joined): the
 * campaign's spend over the members it acquired so far (decision 0009), else a cost recorded by
 * hand before campaigns existed, else nothing.
 */
export const MEMBER_ACQUISITION_COST_SQL = `coalesce(c.spend_minor::float8 / nullif(c.members_acquired, 0),
           m.acquisition_cost_minor::float8, 0)`;
