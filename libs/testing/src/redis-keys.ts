import type { LoyaltyConfig } from '@loyalty/config';
import { Redis } from 'ioredis';

/** Deletes every Redis key this test run wrote: BullMQ's ({prefix}:…) and the apps' (prefix:…). */
export async function deleteRedisKeys(config: LoyaltyConfig): Promise<number> {
  const redis = new Redis({
    host: config.redis.host,
    port: config.redis.port,
    db: config.redis.db,
    ...(config.redis.password ? { password: config.redis.password } : {}),
  });
  let deleted = 0;
  try {
    // The prefix is random per run; specs that need a Redis of their own extend it (prefix-…).
    for (const pattern of [`{${config.redis.keyPrefix}*`, `${config.redis.keyPrefix}*`]) {
      for await (const keys of redis.scanStream({ match: pattern, count: 500 })) {
        if ((keys as string[]).length) deleted += await redis.unlink(...(keys as string[]));
      }
    }
  } finally {
    await redis.quit();
  }
  return deleted;
}
