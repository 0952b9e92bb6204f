import { durabilityProblems } from './redis-durability';

const info = (aof: string, policy: string) =>
  `# Persistence\r\nloading:0\r\naof_enabled:${aof}\r\n# Memory\r\nmaxmemory_policy:${policy}\r\n`;

describe('what a production Redis must be for the queues', () => {
  it('accepts an append-only file without eviction', () => {
    expect(durabilityProblems(info('1', 'noeviction'))).toEqual([]);
  });

  it('names each setting that is missing, and why', () => {
    expect(durabilityProblems(info('0', 'allkeys-lru'))).toEqual([
      'Redis must run with appendonly yes (aof_enabled is 0): without an append-only file a restart loses every queued job',
      'Redis must run with maxmemory-policy noeviction (maxmemory_policy is allkeys-lru): an evicting Redis drops job keys when it fills up',
    ]);
    expect(durabilityProblems('')).toHaveLength(2);
  });
});
