import { durabilityProblems } from './redis-durability';

const info = (aof: string, policy: string, version = '7.2.4') =>
  `# Server\r\nredis_version:${version}\r\n# Persistence\r\nloading:0\r\naof_enabled:${aof}\r\n# Memory\r\nmaxmemory_policy:${policy}\r\n`;

describe('what a production Redis must be for the queues', () => {
  it('accepts an append-only file without eviction', () => {
    expect(durabilityProblems(info('1', 'noeviction'))).toEqual([]);
  });

  it('names each setting that is missing, and why', () => {
    expect(durabilityProblems(info('0', 'allkeys-lru'))).toEqual([
      'Redis must run with appendonly yes (aof_enabled is 0): without an append-only file a restart loses every queued job',
      'Redis must run with maxmemory-policy noeviction (maxmemory_policy is allkeys-lru): an evicting Redis drops job keys when it fills up',
    ]);
    expect(durabilityProblems('')).toHaveLength(3);
  });

  it('refuses a Redis older than BullMQ supports, since the queues skip its own check', () => {
    expect(durabilityProblems(info('1', 'noeviction', '4.0.14'))).toEqual([
      "Redis must be version 5.0.0 or newer (redis_version is 4.0.14): BullMQ's scripts need it",
    ]);
    expect(durabilityProblems(info('1', 'noeviction', '5.0.0'))).toEqual([]);
  });
});
