import { loadLoyaltyConfig } from '@loyalty/config';
import {
  DomainError,
  DomainErrorCode,
  JournalTransactionKind,
  type JournalPlan,
  type MemberPoints,
} from '@loyalty/domain';
import {
  buildDataSourceOptions,
  Database,
  type IdempotencyClaim,
  LedgerRepository,
} from '@loyalty/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { LedgerOperation } from './ledger-operation';
import { LedgerWriter } from './ledger-writer';

/** A bare credit: enough of an operation to watch the writer claim, lock, load, plan and post. */
interface Credit {
  readonly memberId: string;
  readonly points: number;
  readonly key: string | null;
  /** An unbalanced plan, which the database refuses for the whole batch. */
  readonly unbalanced?: boolean;
}

describe('LedgerWriter against PostgreSQL (no HTTP)', () => {
  let dataSource: DataSource;
  let database: Database;
  let writer: LedgerWriter;
  let programId: string;
  const balancesSeen: number[] = [];

  const claimOf = (credit: Credit): IdempotencyClaim | null =>
    credit.key
      ? {
          programId,
          caller: 'writer-spec',
          key: credit.key,
          requestHash: `${credit.memberId}:${credit.points}`,
        }
      : null;

  const credit: LedgerOperation<
    Credit,
    null,
    MemberPoints,
    { transactionId: string; balance: number }
  > = {
    name: 'spec-credit',
    maxBatch: 64,
    maxInFlight: 1,
    claimOf,
    conflictKeysOf: (item) => (item.key ? [item.key] : []),
    identify: (_, __, items) =>
      Promise.resolve(
        items.map((item) => ({ ok: true, value: { memberIds: [item.memberId], found: null } })),
      ),
    load: (_, __, items) =>
      Promise.resolve(
        items.map(({ item, accounts }) => ({
          ok: true,
          value: { ...accounts.get(item.memberId)!, lots: [] },
        })),
      ),
    plan: (item, member, context): JournalPlan<{ transactionId: string; balance: number }> => {
      if (item.points <= 0) {
        throw new DomainError(
          DomainErrorCode.ValidationFailed,
          'points must be positive',
          'points',
        );
      }
      balancesSeen.push(member.balance);
      const transactionId = context.newId();
      return {
        journals: [
          {
            id: transactionId,
            programId,
            kind: JournalTransactionKind.Reward,
            memberId: item.memberId,
            actor: { kind: 'system', id: null },
            entries: [
              { accountId: member.accountId, points: item.points },
              ...(item.unbalanced
                ? []
                : [{ accountId: context.programAccounts.rewards, points: -item.points }]),
            ],
          },
        ],
        events: [],
        answer: () => ({ transactionId, balance: member.balance + item.points }),
      };
    },
  };

  const enrol = async (): Promise<string> => {
    const [row] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO members (program_id, enrolled_store_id, acquisition_channel, email)
       VALUES ($1, $2, 'store', $3) RETURNING id`,
      [programId, storeId, `${randomUUID()}@example.com`],
    );
    return row!.id;
  };
  let storeId: string;

  /** How many database transactions wrote these journal transactions. */
  const transactionsHolding = async (journalIds: readonly string[]): Promise<number> => {
    const [row] = await dataSource.query<{ transactions: number }[]>(
      `SELECT count(DISTINCT xmin::text)::int AS transactions FROM journal_transactions
        WHERE id = ANY($1)`,
      [journalIds],
    );
    return row!.transactions;
  };

  const balanceOf = async (memberId: string): Promise<number> => {
    const [row] = await dataSource.query<{ balance: number }[]>(
      `SELECT balance FROM ledger_accounts WHERE member_id = $1`,
      [memberId],
    );
    return Number(row?.balance ?? 0);
  };

  beforeAll(async () => {
    dataSource = await new DataSource(
      buildDataSourceOptions(loadLoyaltyConfig().database, 'jest-ledger-writer'),
    ).initialize();
    database = new Database(dataSource);
    writer = new LedgerWriter(new LedgerRepository(dataSource, database));
    programId = randomUUID();
    await dataSource.query(
      `INSERT INTO programs (id, code, name, currency, timezone)
       VALUES ($1, $2, 'Writer spec', 'EUR', 'Europe/Paris')`,
      [programId, `writer-${programId}`],
    );
    const [store] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO stores (program_id, code, name, timezone)
       VALUES ($1, 'S1', 'Store', 'Europe/Paris') RETURNING id`,
      [programId],
    );
    storeId = store!.id;
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('writes concurrent items in one batch, each answered once, a replay answered as stored', async () => {
    const members = await Promise.all([enrol(), enrol(), enrol()]);
    const keys = members.map(() => randomUUID());
    const answers = await Promise.all(
      members.map((memberId, n) =>
        writer.submit(credit, programId, { memberId, points: 10 + n, key: keys[n]! }),
      ),
    );
    expect(answers.map((answer) => [answer.replayed, answer.body.balance])).toEqual([
      [false, 10],
      [false, 11],
      [false, 12],
    ]);
    expect(await transactionsHolding(answers.map((answer) => answer.body.transactionId))).toBe(1);

    const replay = await writer.submit(credit, programId, {
      memberId: members[0],
      points: 10,
      key: keys[0]!,
    });
    expect(replay).toEqual({ replayed: true, body: answers[0]!.body });
    await expect(
      writer.submit(credit, programId, { memberId: members[0], points: 99, key: keys[0]! }),
    ).rejects.toMatchObject({ code: DomainErrorCode.IdempotencyKeyReused });
    expect(await balanceOf(members[0])).toBe(10);
  });

  it('refuses an item alone and gives its key back, so a corrected retry under it runs', async () => {
    const [refused, neighbour] = await Promise.all([enrol(), enrol()]);
    const key = randomUUID();
    const [refusal, accepted] = await Promise.allSettled([
      writer.submit(credit, programId, { memberId: refused, points: 0, key }),
      writer.submit(credit, programId, { memberId: neighbour, points: 5, key: randomUUID() }),
    ]);
    expect(refusal).toMatchObject({
      status: 'rejected',
      reason: { code: DomainErrorCode.ValidationFailed },
    });
    expect(accepted).toMatchObject({ status: 'fulfilled', value: { body: { balance: 5 } } });
    const corrected = await writer.submit(credit, programId, {
      memberId: refused,
      points: 7,
      key,
    });
    expect(corrected).toMatchObject({ replayed: false, body: { balance: 7 } });
  });

  it('writes a member reached twice in one batch in rounds, the later seeing the earlier', async () => {
    const memberId = await enrol();
    balancesSeen.length = 0;
    const answers = await Promise.all(
      [3, 4, 5].map((points) => writer.submit(credit, programId, { memberId, points, key: null })),
    );
    expect(await transactionsHolding(answers.map((answer) => answer.body.transactionId))).toBe(1);
    expect(balancesSeen).toEqual([0, 3, 7]);
    expect(answers.map((answer) => answer.body.balance)).toEqual([3, 7, 12]);
    expect(await balanceOf(memberId)).toBe(12);
  });

  it('falls back to one transaction per item when the database refuses the batch as a whole', async () => {
    const [good, bad] = await Promise.all([enrol(), enrol()]);
    const [posted, refused] = await Promise.allSettled([
      writer.submit(credit, programId, { memberId: good, points: 8, key: randomUUID() }),
      writer.submit(credit, programId, {
        memberId: bad,
        points: 8,
        key: randomUUID(),
        unbalanced: true,
      }),
    ]);
    expect(posted).toMatchObject({ status: 'fulfilled', value: { body: { balance: 8 } } });
    expect(refused).toMatchObject({ status: 'rejected' });
    expect(String((refused as PromiseRejectedResult).reason)).toContain('is unbalanced');
    expect([await balanceOf(good), await balanceOf(bad)]).toEqual([8, 0]);
  });

  it('joins a request’s own transaction alone, so that transaction’s rollback undoes it', async () => {
    const memberId = await enrol();
    await expect(
      database.transaction(async () => {
        await writer.submit(credit, programId, { memberId, points: 9, key: randomUUID() });
        expect(await database.query(`SELECT 1`)).toHaveLength(1);
        throw new Error('the request failed after the ledger write');
      }),
    ).rejects.toThrow('the request failed after the ledger write');
    expect(await balanceOf(memberId)).toBe(0);
  });
});
