import { RedisClient } from '@loyalty/messaging';
import { Injectable } from '@nestjs/common';
import { isRedisVersionLowerThan, RedisConnection } from 'bullmq';

/** How long a reading of Redis's settings is reused: readiness is polled every few seconds. */
const READING_TTL_MS = 30_000;

/** Each INFO field that must hold what BullMQ needs in production, and why. */
const REQUIREMENTS = [
  {
    field: 'aof_enabled',
    expected: '1',
    setting: 'appendonly yes',
    why: 'without an append-only file a restart loses every queued job',
  },
  {
    field: 'maxmemory_policy',
    expected: 'noeviction',
    setting: 'maxmemory-policy noeviction',
    why: 'an evicting Redis drops job keys when it fills up',
  },
] as const;

/** Why the Redis is unsafe for the queues, one line per setting; empty when it is safe. */
export function durabilityProblems(info: string): string[] {
  const fields = new Map(
    info
      .split(/\r?\n/)
      .map((line) => line.split(':'))
      .filter((parts): parts is [string, string] => parts.length === 2)
      .map(([key, value]) => [key.trim(), value.trim()]),
  );
  const problems = REQUIREMENTS.filter(({ field, expected }) => fields.get(field) !== expected).map(
    ({ field, setting, why }) =>
      `Redis must run with ${setting} (${field} is ${fields.get(field) ?? 'unknown'}): ${why}`,
  );
  // The apps' queues skip BullMQ's own version check (see queueOptions), so it is made here.
  const version = fields.get('redis_version');
  if (!version || isRedisVersionLowerThan(version, RedisConnection.minimumVersion, 'redis')) {
    problems.push(
      `Redis must be version ${RedisConnection.minimumVersion} or newer (redis_version is ${version ?? 'unknown'}): BullMQ's scripts need it`,
    );
  }
  return problems;
}

/**
 * In production, readiness fails while Redis runs without an append-only file or with an
 * eviction policy (BullMQ's production guide), or is older than BullMQ supports. Readiness, not start-up: the apps start while Redis
 * is down, and a Redis restarted with other settings is caught too. INFO, not CONFIG GET, which
 * managed Redis services often refuse.
 */
@Injectable()
export class RedisDurability {
  private reading: { at: number; problems: string[] } | undefined;

  constructor(private readonly redis: RedisClient) {}

  async check(): Promise<void> {
    if (!this.reading || Date.now() - this.reading.at > READING_TTL_MS) {
      const client = await this.redis.connected();
      // INFO's default sections hold all three: server (the version), persistence and memory.
      const info = await client.info();
      this.reading = { at: Date.now(), problems: durabilityProblems(info) };
    }
    if (this.reading.problems.length > 0) throw new Error(this.reading.problems.join('; '));
  }
}
