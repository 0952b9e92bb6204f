import { loadLoyaltyConfig } from '@loyalty/config';
import { JournalTransactionKind, type LedgerEvent } from '@loyalty/domain';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { buildDataSourceOptions } from '../../data-source-options';
import { LedgerTransaction } from './ledger-transaction';

const LEDGER_TABLES = [
  'idempotency_keys',
  'cards',
  'members',
  'purchases',
  'ledger_accounts',
  'lots',
  'redemption_codes',
  'journal_transactions',
  'journal_entries',
  'lot_movements',
  'purchase_refunds',
  'adjustment_requests',
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

describe('LedgerTransaction', () => {
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
      const statements = await LedgerTransaction.open(runner.manager);
      const before = await sequentialScans(runner.manager);
      const programId = randomUUID();
      const accountIds = [randomUUID(), randomUUID()];
      // PostgreSQL switches a prepared statement to its cached generic plan after five runs.
      for (let run = 0; run < 8; run += 1) {
        await statements.storedAnswers([
          { programId, caller: 'till', key: `k-${run}`, requestHash: 'h' },
        ]);
        await statements.reads.resolveReferences(programId, [
          { cardNumber: '6280001005353834179' },
          { memberId: randomUUID() },
        ]);
        await statements.reads.receiptsTaken([{ storeId: randomUUID(), receiptId: `r-${run}` }]);
        await statements.openLots(accountIds);
        await statements.openLots(accountIds, [randomUUID()]);
        await statements.reads.memberFacts(programId, [randomUUID()]);
        await statements.reads.refundablePurchase(programId, { id: randomUUID() });
        await statements.reads.refundablePurchase(programId, {
          storeId: randomUUID(),
          receiptId: `r-${run}`,
        });
        await statements.reads.transactionToReverse(programId, randomUUID());
        await statements.reads.movementsOf(randomUUID());
        await statements.reads.lotsCreditedBy(randomUUID());
        await statements.reads.pointsMovedSince(
          accountIds[0]!,
          randomUUID(),
          [JournalTransactionKind.Adjustment],
          new Date(0),
          { direction: 'both' },
        );
        await statements.reads.lockAdjustmentRequest(programId, randomUUID());
        await statements.reads.liveRedemptionCodes(
          [{ memberId: randomUUID(), codeHash: randomBytes(32) }],
          5,
        );
        await statements.balancesAfter(accountIds, new Date());
      }

      expect(await sequentialScans(runner.manager)).toEqual(before);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('posts a batch in one statement, its triggers seeing every row, and refuses an unbalanced one whole', async () => {
    const programId = randomUUID();
    await dataSource.query(
      `INSERT INTO programs (id, code, name, currency, timezone)
       VALUES ($1, $2, 'Batch statements', 'EUR', 'Europe/Paris')`,
      [programId, `batch-${programId}`],
    );
    const [issued, adjustments] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO ledger_accounts (program_id, kind) VALUES ($1, 'points_issued'), ($1, 'adjustments')
       RETURNING id`,
      [programId],
    );
    const journal = (points: readonly number[]) => ({
      id: randomUUID(),
      programId,
      kind: JournalTransactionKind.Reward,
      memberId: null,
      actor: { kind: 'system' as const, id: null },
      entries: [
        { accountId: adjustments!.id, points: points[0]! },
        ...(points.length > 1 ? [{ accountId: issued!.id, points: points[1]! }] : []),
      ],
    });
    const inTransaction = async (work: (statements: LedgerTransaction) => Promise<void>) =>
      dataSource.transaction(async (manager) => work(await LedgerTransaction.open(manager)));
    const eventOf = (transactionId: string): LedgerEvent => ({
      programId,
      memberId: null,
      type: 'points.expired',
      payload: { transactionId, memberId: randomUUID(), points: 1 },
    });
    const balances = async () =>
      (
        await dataSource.query<{ balance: number }[]>(
          `SELECT balance FROM ledger_accounts WHERE id = ANY($1) ORDER BY kind`,
          [[issued!.id, adjustments!.id]],
        )
      ).map((row) => row.balance);

    const posted = [journal([5, -5]), journal([7, -7])];
    await inTransaction((statements) =>
      statements.post([{ journals: posted, events: [eventOf(posted[0]!.id)] }]),
    );
    expect(await balances()).toEqual([12, -12]);

    const unbalanced = journal([3]);
    const balanced = journal([1, -1]);
    await expect(
      inTransaction((statements) =>
        statements.post([
          { journals: [balanced], events: [eventOf(balanced.id)] },
          { journals: [unbalanced], events: [] },
        ]),
      ),
    ).rejects.toThrow(`journal transaction ${unbalanced.id} is unbalanced`);
    expect(await balances()).toEqual([12, -12]);
    const [events] = await dataSource.query<{ posted: number; refused: number }[]>(
      `SELECT count(*) FILTER (WHERE payload->>'transactionId' = $2)::int AS posted,
              count(*) FILTER (WHERE payload->>'transactionId' = $3)::int AS refused
         FROM outbox_events WHERE program_id = $1`,
      [programId, posted[0]!.id, balanced.id],
    );
    expect(events).toEqual({ posted: 1, refused: 0 });
  });
});
