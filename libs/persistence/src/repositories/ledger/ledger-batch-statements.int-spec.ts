import { loadLoyaltyConfig } from '@loyalty/config';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { buildDataSourceOptions } from '../../data-source-options';
import { LedgerBatchStatements } from './ledger-batch-statements';

const LEDGER_TABLES = [
  'idempotency_keys',
  'cards',
  'members',
  'purchases',
  'ledger_accounts',
  'lots',
  'redemption_codes',
];

/** Sequential scans of each table so far in the current transaction (not yet flushed to stats). */
async function sequentialScans(manager: EntityManager): Promise<Record<string, number>> {
  const rows = await manager.query<{ relname: string; seq_scan: number }[]>(
    `SELECT relname, seq_scan::int FROM pg_stat_xact_user_tables WHERE relname = ANY($1)`,
    [LEDGER_TABLES],
  );
  return Object.fromEntries(
    LEDGER_TABLES.map((t) => [t, rows.find((r) => r.relname === t)?.seq_scan ?? 0]),
  );
}

describe('LedgerBatchStatements', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new DataSource(
      buildDataSourceOptions(loadLoyaltyConfig().database, 'jest-batch-statements'),
    ).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('looks rows up by index only, on young tables and past the point where plans are cached', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      const statements = await LedgerBatchStatements.within(runner.manager);
      const before = await sequentialScans(runner.manager);
      const programId = randomUUID();
      const accountIds = [randomUUID(), randomUUID()];
      // PostgreSQL switches a prepared statement to its cached generic plan after five runs.
      for (let run = 0; run < 8; run += 1) {
        await statements.storedAnswers([
          { programId, caller: 'till', key: `k-${run}`, requestHash: 'h' },
        ]);
        await statements.resolveReferences(programId, [
          { cardNumber: '6280001005353834179' },
          { memberId: randomUUID() },
        ]);
        await statements.receiptsTaken([{ storeId: randomUUID(), receiptId: `r-${run}` }]);
        await statements.openLots(accountIds);
        await statements.liveRedemptionCodes(
          [{ memberId: randomUUID(), codeHash: randomBytes(32) }],
          5,
        );
        await statements.figures(accountIds, new Date());
      }

      expect(await sequentialScans(runner.manager)).toEqual(before);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
