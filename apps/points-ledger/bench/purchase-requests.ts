/**
 * A till's purchase as the benches send it: a random basket, two in three from the offline days
 * before the bench's program was seeded (spendable at once), one in three rung up now (pending).
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { BenchWorld } from './bench-world';
import type { BenchRequest } from './load-driver';

const HOUR_MS = 3_600_000;
const CATEGORIES = ['grocery', 'fresh', 'household', 'tobacco', 'drinks'];

function basket(amountMinor: number) {
  const lines = [];
  let left = amountMinor;
  const count = 1 + randomInt(4);
  for (let line = 0; line < count; line += 1) {
    const amount = line === count - 1 ? left : Math.floor(left / 2);
    left -= amount;
    lines.push({
      sku: `SKU-${randomInt(10_000)}`,
      category: CATEGORIES[randomInt(CATEGORIES.length)]!,
      amountMinor: amount,
      quantity: 1 + randomInt(3),
    });
  }
  return lines;
}

/** Client `client` rings up a purchase for the member, at its own till, under a fresh key. */
export function purchaseRequest(
  world: BenchWorld,
  client: number,
  member: BenchWorld['members'][number],
  receiptId: string,
): BenchRequest {
  const amountMinor = 500 + randomInt(12_000);
  return {
    method: 'POST',
    path: '/v1/purchases',
    headers: {
      'x-api-key': world.tills[client % world.tills.length]!.apiKey,
      'idempotency-key': randomUUID(),
    },
    body: {
      cardNumber: member.cardNumber,
      receiptId,
      amountMinor,
      currency: 'EUR',
      // Within the program's 7-day offline window; before the seed means no return window.
      occurredAt: new Date(
        randomInt(3) < 2 ? Date.now() - HOUR_MS - randomInt(6 * 24 * HOUR_MS) : Date.now(),
      ).toISOString(),
      lines: basket(amountMinor),
    },
  };
}
