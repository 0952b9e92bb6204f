/**
 * A small closed-loop HTTP load driver: N clients on kept-alive connections, each sending its
 * next request as soon as the previous answer arrives, for a fixed time. Closed loop is how tills
 * behave (one sale at a time each), and it is how pgbench's clients behave too.
 */
import { Agent, request } from 'node:http';

export interface BenchRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly errors: number;
  readonly statuses: Readonly<Record<number, number>>;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly firstError: string | null;
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

function send(agent: Agent | undefined, url: URL, next: BenchRequest): Promise<Answer> {
  const payload = next.body === undefined ? undefined : JSON.stringify(next.body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        agent,
        method: next.method,
        headers: {
          ...next.headers,
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(payload ? { 'content-length': String(Buffer.byteLength(payload)) } : {}),
        },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

export async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const answer = await send(undefined, new URL(url), { method: 'GET', path: '', headers: {} });
  return { status: answer.status, body: answer.body ? JSON.parse(answer.body) : null };
}

const percentile = (sorted: Float64Array, p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/**
 * Runs `clients` loops for `durationSeconds`; `nextRequest` gives each loop its next request, or
 * null when it has nothing left to send. A request counts as an error unless `expected(status)`.
 */
export async function drive(options: {
  /** Client n sends to baseUrls[n mod length]: the app processes share the load. */
  readonly baseUrls: readonly string[];
  readonly clients: number;
  readonly durationSeconds: number;
  readonly nextRequest: (client: number) => BenchRequest | null;
  readonly expected: (status: number) => boolean;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.clients });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const deadline = started + options.durationSeconds * 1000;
  const client = async (index: number) => {
    const baseUrl = options.baseUrls[index % options.baseUrls.length]!;
    for (;;) {
      if (performance.now() >= deadline) return;
      const next = options.nextRequest(index);
      if (!next) return;
      const sent = performance.now();
      let answer: Answer;
      try {
        answer = await send(agent, new URL(next.path, baseUrl), next);
      } catch (error) {
        errors += 1;
        firstError ??= String(error);
        continue;
      }
      latencies.push(performance.now() - sent);
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (!options.expected(answer.status)) {
        errors += 1;
        firstError ??= `${answer.status} ${answer.body.slice(0, 300)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index)));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    perSecond: (latencies.length - errors) / elapsed,
    errors,
    statuses,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length ? sorted[sorted.length - 1]! : 0,
    firstError,
  };
}

export const describeLoad = (label: string, result: LoadResult): string =>
  `${label}: ${result.requests.toLocaleString()} requests, ${result.perSecond.toFixed(0)}/s, ` +
  `p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ` +
  `max ${result.maxMs.toFixed(1)} ms, errors ${result.errors}` +
  (result.firstError ? ` (first: ${result.firstError})` : '') +
  `, statuses ${JSON.stringify(result.statuses)}`;
