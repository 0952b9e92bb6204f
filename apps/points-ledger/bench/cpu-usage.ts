/**
 * Where the machine's CPU went during a phase, read from /proc: the app under test, PostgreSQL's
 * processes, Redis and the load driver itself. On a two-core machine that shares everything, this
 * says what limits a figure (docs/performance.md).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

function processTicks(): Map<string, number> {
  const byGroup = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const group =
      Number(entry) === process.pid
        ? 'load driver'
        : name.startsWith('postgres') || name.startsWith('pgbench')
          ? name.startsWith('pgbench')
            ? 'pgbench'
            : 'postgres'
          : name.startsWith('redis')
            ? 'redis'
            : name === 'node' || name === 'MainThread'
              ? 'app'
              : 'other';
    byGroup.set(group, (byGroup.get(group) ?? 0) + ticks);
  }
  return byGroup;
}

/** Starts counting; the returned function describes the CPU each group used since, in cores. */
export function countCpu(): () => string {
  const before = processTicks();
  const started = performance.now();
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const after = processTicks();
    return [...after]
      .map(([group, ticks]) => [group, (ticks - (before.get(group) ?? 0)) / TICKS_PER_SECOND])
      .filter(([, used]) => (used as number) > 0.05 * seconds)
      .sort((a, b) => (b[1] as number) - (a[1] as number))
      .map(([group, used]) => `${group} ${((used as number) / seconds).toFixed(2)}`)
      .join(', ');
  };
}
