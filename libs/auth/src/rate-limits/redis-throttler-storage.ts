import type { RedisClient } from '@loyalty/messaging';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { RateLimit } from './rate-limits';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Fixed-window counters in Redis, shared by every replica (the throttler's own store is per
 * process). One script per hit: count, start the window on the first hit, and block the tracker
 * for blockDuration once it passes the limit. Keys expire on their own.
 */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local window_left = redis.call('PTTL', KEYS[1])
local block_left = redis.call('PTTL', KEYS[2])
if block_left > 0 then return {hits, window_left, 1, block_left} end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, window_left, 1, tonumber(ARGV[3])}
end
return {hits, window_left, 0, 0}
`;

/**
 * Limits that let a request through while Redis cannot count it. The till's look-ups and
 * redemptions guard against scraping, not against loss: a sale must not wait on Redis, and the
 * ledger's own checks still hold. Every other limit guards a secret or points (sign-in,
 * transfers) and refuses with 503 while it cannot count.
 */
const FAIL_OPEN: ReadonlySet<string> = new Set([RateLimit.PosLookup]);

const NOT_COUNTED: ThrottlerStorageRecord = {
  totalHits: 0,
  timeToExpire: 0,
  isBlocked: false,
  timeToBlockExpire: 0,
};

export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: RedisClient,
    private readonly onUncounted: (throttlerName: string, error: unknown) => void = () => undefined,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      return await this.count(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      if (!FAIL_OPEN.has(throttlerName)) throw error;
      this.onUncounted(throttlerName, error);
      return NOT_COUNTED;
    }
  }

  private async count(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `rate-limit:${throttlerName}:${key}`;
    const [totalHits, windowLeftMs, blocked, blockLeftMs] = (await (
      await this.redis.connected()
    ).eval(
      HIT_SCRIPT,
      2,
      `${base}:hits`,
      `${base}:blocked`,
      String(ttl),
      String(limit),
      String(Math.max(blockDuration, 1)),
    )) as [number, number, number, number];
    return {
      totalHits,
      timeToExpire: Math.max(Math.ceil(windowLeftMs / 1000), 0),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.max(Math.ceil(blockLeftMs / 1000), 0),
    };
  }
}
