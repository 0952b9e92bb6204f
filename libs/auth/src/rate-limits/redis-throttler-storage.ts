import type { RedisClient } from '@loyalty/messaging';
import type { ThrottlerStorage } from '@nestjs/throttler';

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

export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly redis: RedisClient) {}

  async increment(
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
