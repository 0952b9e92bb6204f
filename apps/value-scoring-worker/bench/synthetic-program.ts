import type { DataSource } from 'typeorm';
import type { ColumnsOf } from '@loyalty/persistence';

const seconds = (since: number) => (performance.now() - since) / 1000;

/** Runs and prints how long it took, in seconds; returns the result and the seconds. */
export const timed = async <T>(label: string, work: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  const took = seconds(started);
  console.log(`${label}: ${took.toFixed(1)} s`);
  return [result, took];
};

/**
 * Members buy at their own rate (a gamma-like spread) through a lifetime that ends at a random
 * point: repeat buyers, lapsed buyers and one-off buyers, over the last 540 days.
 */
export async function seedSyntheticProgram(
  dataSource: DataSource,
  members: number,
  purchasesPerMember: number,
): Promise<string> {
  const [program] = await dataSource.query<ColumnsOf<'programs', 'id'>[]>(
    `INSERT INTO programs (code, name, currency, timezone, card_prefix)
     VALUES ('BENCH', 'Bench', 'EUR', 'UTC', '900001') RETURNING id`,
  );
  const programId = program!.id;
  const [store] = await dataSource.query<ColumnsOf<'stores', 'id'>[]>(
    `INSERT INTO stores (program_id, code, name, timezone) VALUES ($1, 'S', 'Store', 'UTC')
     RETURNING id`,
    [programId],
  );
  const [rules] = await dataSource.query<ColumnsOf<'earning_rule_sets', 'id'>[]>(
    `INSERT INTO earning_rule_sets (program_id, version, effective_from, rules)
     VALUES ($1, 1, '2000-01-01', '{}') RETURNING id`,
    [programId],
  );
  await timed(`seed ${members.toLocaleString()} members`, () =>
    dataSource.query(
      `INSERT INTO members (program_id, email, enrolled_store_id, acquisition_channel,
           acquisition_cost_minor, acquisition_cost_currency, enrolled_at)
       SELECT $1, 'm' || i || '@bench.invalid', $2,
              (ARRAY['store','web','app','referral','paid_social'])[1 + i % 5],
              CASE WHEN i % 5 = 4 THEN 800 END, CASE WHEN i % 5 = 4 THEN 'EUR' END,
              now() - interval '600 days'
         FROM generate_series(1, $3) AS i`,
      [programId, store!.id, members],
    ),
  );
  await timed(`seed ~${(members * purchasesPerMember).toLocaleString()} purchases`, () =>
    dataSource.transaction(async (manager) => {
      // Foreign keys to journal transactions are beside the point here: switched off for the load.
      await manager.query(`SET LOCAL session_replication_role = replica`);
      await manager.query(`SET LOCAL statement_timeout = 0`);
      await manager.query(
        `INSERT INTO purchases (id, program_id, member_id, store_id, receipt_id, amount_minor,
             currency, occurred_at, earning_rule_set_id, points_earned, earn_transaction_id)
         SELECT gen_random_uuid(), $1, m.id, $2, m.id::text || '-' || k,
                500 + (hashint8(k * 7919 + m.n) & 8191), 'EUR',
                now() - make_interval(days => (m.start - k * m.gap)::int),
                $3, 0, gen_random_uuid()
           FROM (SELECT id, n, start, purchases,
                        greatest(1, start * lifetime / purchases) AS gap
                   FROM (SELECT id, row_number() OVER () AS n,
                                540 - (random() * 60)::int AS start,
                                random() AS lifetime,
                                1 + (random() * (2 * $4 - 1))::int AS purchases
                           FROM members WHERE program_id = $1) drawn) m,
                LATERAL generate_series(0, m.purchases - 1) AS k
          WHERE m.start - k * m.gap > 0`,
        [programId, store!.id, rules!.id, purchasesPerMember],
      );
    }),
  );
  await dataSource.query(`ANALYZE`);
  await dataSource.query(
    `INSERT INTO value_policies (program_id, version, effective_from, policy)
     VALUES ($1, 1, '2000-01-01', $2)`,
    [
      programId,
      JSON.stringify({
        tierBasis: 'percentile',
        tiers: [
          { name: 'member', earningMultiplierBp: 10000, upgradeRewardPoints: 0 },
          { name: 'silver', minPercentile: 60, earningMultiplierBp: 12000, upgradeRewardPoints: 0 },
          { name: 'gold', minPercentile: 90, earningMultiplierBp: 15000, upgradeRewardPoints: 0 },
        ],
        downgradeGraceDays: 30,
        horizonMonths: 12,
        annualDiscountRate: 0.1,
        margin: 0.3,
        costToServePerPurchaseMinor: 0,
        minHistoryDays: 0,
        winBack: null,
      }),
    ],
  );
  return programId;
}
