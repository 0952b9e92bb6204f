/**
 * npm run bench:reads — balance reads as the mobile app makes them, against pgbench -S in the
 * same run. BENCH_CLIENTS (64) closed-loop clients GET /v1/me/balance for BENCH_SECONDS (20), each
 * request as a random member with a signed member token, after a round of purchases has given
 * the members lots, pending points and expiry dates to add up. Then pgbench -S, and the same reads
 * against a bare node:http server (the HTTP floor, as in bench:ledger).
 *
 * Last line: reads_per_s=<n> pgbench_tps=<n> ratio=<n> p99_ms=<n>
 */
import 'reflect-metadata';
import { AccessTokens } from '@loyalty/auth';
import { JwtService } from '@nestjs/jwt';
import { randomInt } from 'node:crypto';
import {
  BENCH_CLIENTS,
  againstPgbench,
  measureHttpFloor,
  measurePhase,
  openBenchWorld,
  runPgbench,
  verifyLedger,
} from './bench-world';
import { type BenchRequest, describeLoad, drive } from './load-driver';
import { purchaseRequest } from './purchase-requests';

async function main() {
  const world = await openBenchWorld();
  let verified: boolean;
  try {
    // Every member gets a purchase or two, so a balance has lots (pending and available) to sum.
    let receipt = 0;
    const history = await drive({
      baseUrls: world.baseUrls,
      clients: BENCH_CLIENTS,
      durationSeconds: 3600,
      nextRequest: (client) => {
        if (receipt >= world.members.length * 1.5) return null;
        const member = world.members[receipt % world.members.length]!;
        receipt += 1;
        return purchaseRequest(world, client, member, `R-${receipt}`);
      },
      expected: (status) => status === 201,
    });
    console.log(describeLoad('history (purchases)', history));
    const tokens = new AccessTokens(new JwtService(), world.config);
    const bearer = await Promise.all(
      world.members.map(async (member) => {
        const issued = await tokens.issueForMember({
          memberId: member.id,
          programId: world.programId,
        });
        return `Bearer ${issued.accessToken}`;
      }),
    );
    const read = (): BenchRequest => ({
      method: 'GET',
      path: '/v1/me/balance',
      headers: { authorization: bearer[randomInt(bearer.length)]! },
    });
    const reads = await measurePhase(world, 'balance reads', {
      nextRequest: read,
      expected: (status) => status === 200,
      warmUp: true,
    });
    const pgbench = await runPgbench(world.config, '-S');
    const floor = await measureHttpFloor(read);
    verified = await verifyLedger(world.config);
    console.log(againstPgbench('http_floor_per_s', floor, pgbench));
    console.log(againstPgbench('reads_per_s', reads, pgbench, { withTps: true }));
  } finally {
    await world.close();
  }
  if (!verified) process.exitCode = 2;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
