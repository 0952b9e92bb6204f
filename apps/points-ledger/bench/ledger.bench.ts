/**
 * npm run bench:ledger — the write path under till traffic, against pgbench in the same run.
 *
 * From an empty scratch database: BENCH_MEMBERS members with cards, 8 stores with 4 tills each.
 * BENCH_CLIENTS (64) closed-loop clients POST /v1/purchases for BENCH_SECONDS (20): unique
 * Idempotency-Keys and receipts, card numbers of random members, baskets of one to four lines.
 * Then the same clients spend points with POST /v1/redemptions (up to four codes per member, as
 * the app would show them). Then pgbench -N at the same concurrency against the same server, the
 * same purchases against a bare node:http server (the HTTP floor: what any Node service could
 * answer here before doing any work), and `ledger:verify`. synchronous_commit stays on: every 201
 * is on disk.
 *
 * Last line: credits_per_s=<n> pgbench_tps=<n> ratio=<n> p99_ms=<n>
 */
import 'reflect-metadata';
import { randomInt, randomUUID } from 'node:crypto';
import { redemptionCodeHash } from '@loyalty/ledger';
import type { ColumnsOf, SetColumnsOf } from '@loyalty/persistence';
import {
  BENCH_CLIENTS,
  BENCH_SECONDS,
  againstPgbench,
  measureHttpFloor,
  measurePhase,
  type BenchWorld,
  openBenchWorld,
  runPgbench,
  verifyLedger,
} from './bench-world';
import type { BenchRequest } from './load-driver';
import { purchaseRequest } from './purchase-requests';

const REDEEMED_POINTS = 5;
function purchaseRequests(world: BenchWorld) {
  const runId = randomUUID().slice(0, 8);
  let receipt = 0;
  return (client: number): BenchRequest => {
    receipt += 1;
    const member = world.members[randomInt(world.members.length)]!;
    return purchaseRequest(world, client, member, `R-${runId}-${receipt}`);
  };
}

/** Codes a member with points to spend holds at once, each for REDEEMED_POINTS. */
const CODES_PER_MEMBER = 4;

/**
 * Up to CODES_PER_MEMBER codes for each member with points to spend (as many as their points
 * cover), stored as the app's request would store them. The requests take every member's first
 * code, then every member's second, so concurrent requests rarely name the same member.
 */
async function redemptionRequests(world: BenchWorld) {
  const spenders = await world.dataSource.query<
    (SetColumnsOf<'ledger_accounts', 'member_id'> &
      ColumnsOf<'cards', 'number'> & { codes: number })[]
  >(
    `SELECT a.member_id, c.number, least(floor(spendable.points / $1), $2)::int AS codes
       FROM (SELECT account_id, sum(remaining) AS points FROM lots
              WHERE available_from <= now() AND (expires_at IS NULL OR expires_at > now())
              GROUP BY account_id HAVING sum(remaining) >= $1) spendable
       JOIN ledger_accounts a ON a.id = spendable.account_id
       JOIN cards c ON c.member_id = a.member_id AND c.status = 'active'`,
    [REDEEMED_POINTS, CODES_PER_MEMBER],
  );
  const redemptions = Array.from({ length: CODES_PER_MEMBER }, (_, round) =>
    spenders.filter((spender) => spender.codes > round),
  )
    .flat()
    .map((spender) => ({ ...spender, code: String(randomInt(100_000_000)).padStart(8, '0') }));
  await world.dataSource.query(
    `INSERT INTO redemption_codes (id, member_id, code_hash, expires_at)
     SELECT gen_random_uuid(), member_id, code_hash, now() + interval '1 hour'
       FROM unnest($1::uuid[], $2::bytea[]) AS code(member_id, code_hash)`,
    [
      redemptions.map((redemption) => redemption.member_id),
      redemptions.map((redemption) => redemptionCodeHash(redemption.member_id, redemption.code)),
    ],
  );
  let next = 0;
  const request = (client: number): BenchRequest | null => {
    const index = next;
    if (index >= redemptions.length) return null;
    next += 1;
    return {
      method: 'POST',
      path: '/v1/redemptions',
      headers: {
        'x-api-key': world.tills[client % world.tills.length]!.apiKey,
        'idempotency-key': randomUUID(),
      },
      body: {
        cardNumber: redemptions[index]!.number,
        points: REDEEMED_POINTS,
        redemptionCode: redemptions[index]!.code,
        reference: `bench-${index}`,
      },
    };
  };
  return { request, available: redemptions.length, members: spenders.length };
}

/**
 * A refund of half of each purchase the credits phase recorded, by purchase id, from a till of
 * another store as often as not: each purchase is refunded once, so no two requests race on one.
 */
async function refundRequests(world: BenchWorld) {
  const purchases = await world.dataSource.query<ColumnsOf<'purchases', 'id' | 'amount_minor'>[]>(
    `SELECT id, amount_minor FROM purchases WHERE program_id = $1 AND amount_minor >= 2`,
    [world.programId],
  );
  let next = 0;
  const request = (client: number): BenchRequest | null => {
    const purchase = purchases[next];
    if (!purchase) return null;
    next += 1;
    return {
      method: 'POST',
      path: '/v1/refunds',
      headers: {
        'x-api-key': world.tills[client % world.tills.length]!.apiKey,
        'idempotency-key': randomUUID(),
      },
      body: { purchaseId: purchase.id, amountMinor: Math.floor(purchase.amount_minor / 2) },
    };
  };
  return { request, available: purchases.length };
}

async function main() {
  const world = await openBenchWorld();
  let verified: boolean | undefined;
  try {
    console.log(`${BENCH_CLIENTS} clients, ${BENCH_SECONDS} s per phase`);
    const purchase = purchaseRequests(world);
    const created = (status: number) => status === 201;
    const credits = await measurePhase(world, 'purchases (credits)', {
      nextRequest: purchase,
      expected: created,
      warmUp: true,
    });
    if (process.env.BENCH_PURCHASES_ONLY) return;
    const redemptions = await redemptionRequests(world);
    const debits = await measurePhase(
      world,
      `redemptions (debits, ${redemptions.available} codes of ${redemptions.members} members)`,
      // Each code is spent once: no requests to spare for a warm-up.
      { nextRequest: redemptions.request, expected: created, warmUp: false },
    );
    const refunds = await refundRequests(world);
    const refunded = await measurePhase(
      world,
      `refunds (half of each of ${refunds.available} purchases)`,
      // Each purchase is refunded once: no requests to spare for a warm-up.
      { nextRequest: refunds.request, expected: created, warmUp: false },
    );
    const pgbench = await runPgbench(world.config, '-N');
    const floor = await measureHttpFloor(purchase);
    verified = await verifyLedger(world.config);
    console.log(againstPgbench('http_floor_per_s', floor, pgbench));
    console.log(againstPgbench('redemptions_per_s', debits, pgbench));
    console.log(againstPgbench('refunds_per_s', refunded, pgbench));
    console.log(againstPgbench('credits_per_s', credits, pgbench, { withTps: true }));
  } finally {
    await world.close();
  }
  if (verified === false) process.exitCode = 2;
  // BENCH_PURCHASES_ONLY (for profiling the write path) skips redemptions, pgbench and the check.
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
