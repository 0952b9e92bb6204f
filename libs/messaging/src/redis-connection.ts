import type { RedisConfig } from '@loyalty/config';
import type { QueueOptions, RedisOptions } from 'bullmq';
import { DEFAULT_JOB_OPTIONS } from './queues';

/**
 * BullMQ's key prefix: the configured prefix as a Redis Cluster hash tag, so that each queue's keys
 * land in one slot (BullMQ's Lua scripts need that) while deployments and test runs stay apart.
 */
export const bullPrefix = (redis: RedisConfig): string => `{${redis.keyPrefix}}`;

/**
 * Connection options for one role. Producers in the HTTP apps fail fast when Redis is down or
 * hangs, so an HTTP request is answered instead of waiting for a reconnect; workers wait and
 * reconnect forever, which BullMQ requires of their blocking connections.
 */
export function redisConnectionOptions(
  redis: RedisConfig,
  role: 'producer' | 'worker',
  connectionName: string,
): RedisOptions {
  return {
    host: redis.host,
    port: redis.port,
    db: redis.db,
    connectionName,
    ...(redis.password ? { password: redis.password } : {}),
    ...(role === 'producer'
      ? {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          // A Redis that hangs (paused, swapping, a network dropping packets) is then a Redis
          // that is down, and the request is answered at once instead of waiting with the till.
          commandTimeout: redis.commandTimeoutMs,
        }
      : { maxRetriesPerRequest: null }),
  };
}

/**
 * Options of the app's BullMQ queues. A producer's queue skips BullMQ's version check: BullMQ
 * sends that INFO once, on the first connect, under the producer's short command timeout, and a
 * Redis that stalls at that moment fails the check for good — the queue then refuses every job
 * until the process restarts. The producers' Redis is checked instead by readiness, on every
 * probe (version, persistence and eviction policy; see RedisDurability). The worker waits out
 * a hang, so its check cannot fail that way, and it keeps BullMQ's.
 */
export function queueOptions(
  redis: RedisConfig,
  role: 'producer' | 'worker',
  connectionName: string,
): QueueOptions {
  return {
    connection: {
      ...redisConnectionOptions(redis, role, connectionName),
      ...(role === 'producer' ? { skipVersionCheck: true } : {}),
    },
    prefix: bullPrefix(redis),
    defaultJobOptions: DEFAULT_JOB_OPTIONS,
  };
}
