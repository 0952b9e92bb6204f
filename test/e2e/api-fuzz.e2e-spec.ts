import { StaffRole } from '@loyalty/domain';
import {
  bodySchemaOf,
  call,
  createStaffAccount,
  deeplyNested,
  enrolMember,
  type FuzzRoute,
  HOSTILE_PATH_VALUES,
  HOSTILE_VALUES,
  type LedgerWorld,
  memberToken,
  type OpenApiDocument,
  request,
  resolveSchema,
  routesOf,
  type RunningApp,
  sampleOf,
  signInStaff,
  startApp,
  testConfig,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { createValueScoringWorkerApp } from '../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { startWorld } from './points-ledger/ledger-world';

type Caller =
  'nobody' | 'member' | 'pos' | 'clerk' | 'manager' | 'admin' | 'marketing' | 'operator';

interface Probe {
  readonly route: FuzzRoute;
  readonly caller: Caller;
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
}

interface Violation {
  readonly request: string;
  readonly status: number;
  readonly contentType: string | null;
  readonly body: string;
}

const PROBLEM = 'application/problem+json';
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every route of the three apps' OpenAPI documents, called as every kind of caller with a
 * plausible request, then, by each caller the route lets through, with hostile path segments,
 * query values and bodies: null and wrong-typed fields, NUL bytes, huge numbers and strings,
 * other scripts, deep nesting, bodies that are not objects. No answer may be a 5xx, and every
 * refusal must be problem+json. Routes are generated from the documents, so a new route is
 * fuzzed without anyone listing it.
 */
describe('every route of the OpenAPI documents, fuzzed as each kind of caller', () => {
  let world: LedgerWorld;
  let worker: RunningApp;
  const credentials = new Map<Caller, Record<string, string>>();
  const known: Record<string, string | undefined> = {};
  const documents: { baseUrl: string; document: OpenApiDocument }[] = [];

  beforeAll(async () => {
    world = await startWorld();
    worker = await startApp(createValueScoringWorkerApp);
    const member = await enrolMember(world);
    const cards = await call<{ items: { id: string }[] }>(
      world.cardIssuance.baseUrl,
      'GET',
      `/v1/members/${member.memberId}/cards`,
      { token: world.admin },
    );
    Object.assign(known, {
      memberId: member.memberId,
      number: member.cardNumber,
      cardNumber: member.cardNumber,
      cardId: cards.body.items[0]?.id,
      programId: world.program.programId,
      programCode: world.program.programCode,
      storeId: world.program.storeIds[0],
      queue: 'value-scoring',
    });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const marketing = await signInStaff(
      world.cardIssuance.baseUrl,
      await createStaffAccount(
        world.dataSource,
        world.program.programId,
        StaffRole.Marketing,
        null,
      ),
    );
    credentials.set('nobody', {});
    credentials.set('member', bearer(await memberToken(world, member)));
    credentials.set('pos', { 'x-api-key': world.posApiKey });
    credentials.set('clerk', bearer(world.clerk));
    credentials.set('manager', bearer(world.manager));
    credentials.set('admin', bearer(world.admin));
    credentials.set('marketing', bearer(marketing));
    credentials.set('operator', bearer(testConfig().platformOperatorToken!));
    for (const baseUrl of [world.ledger.baseUrl, worker.baseUrl, world.cardIssuance.baseUrl]) {
      const document = await request<OpenApiDocument>(`${baseUrl}/docs-json`);
      expect(document.status).toBe(200);
      documents.push({ baseUrl, document: document.body });
    }
  });

  afterAll(async () => {
    await worker?.close();
    await world?.close();
  });

  const pathOf = (route: FuzzRoute, hostile?: { name: string; value: string }, query = '') =>
    route.path.replaceAll(/\{(\w+)\}/g, (_, name: string) =>
      hostile?.name === name ? hostile.value : encodeURIComponent(known[name] ?? randomUUID()),
    ) + query;

  async function send(baseUrl: string, probe: Probe, violations: Violation[]): Promise<number> {
    const headers: Record<string, string> = { ...credentials.get(probe.caller) };
    if (WRITES.has(probe.route.method)) headers['idempotency-key'] = randomUUID();
    if (probe.body !== undefined) headers['content-type'] = probe.contentType ?? 'application/json';
    const response = await fetch(`${baseUrl}${probe.path}`, {
      method: probe.route.method,
      headers,
      ...(probe.body !== undefined ? { body: probe.body } : {}),
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type');
    if (response.status >= 500 || (response.status >= 400 && !contentType?.startsWith(PROBLEM))) {
      violations.push({
        request: `${probe.caller} ${probe.route.method} ${probe.path.slice(0, 120)} ${probe.body?.slice(0, 200) ?? ''}`,
        status: response.status,
        contentType,
        body: text.slice(0, 300),
      });
    }
    return response.status;
  }

  /** Hostile variants of a plausible body: one field at a time, then whole bodies. */
  function hostileBodies(route: FuzzRoute, document: OpenApiDocument): string[] {
    const schema = bodySchemaOf(route, document);
    if (!schema) return [];
    const sample = sampleOf(schema, document, known) as Record<string, unknown>;
    const variants: unknown[] = [];
    Object.keys(resolveSchema(schema, document).properties ?? {}).forEach((field, index) => {
      for (let pick = 0; pick < 5; pick += 1) {
        const value = HOSTILE_VALUES[(index * 5 + pick) % HOSTILE_VALUES.length];
        variants.push({ ...sample, [field]: value });
      }
      variants.push({ ...sample, [field]: null });
    });
    return [
      ...variants.map((variant) => JSON.stringify(variant)),
      '{}',
      '[]',
      '"a string"',
      'null',
      '{"unterminated":',
      deeplyNested(2_000),
      JSON.stringify({ ...sample, ['x'.repeat(1000)]: 1 }),
    ];
  }

  function hostileQueries(route: FuzzRoute): string[] {
    const names = (route.operation.parameters ?? [])
      .filter((parameter) => parameter.in === 'query')
      .map((parameter) => parameter.name);
    return names.flatMap((name, index) =>
      HOSTILE_VALUES.filter((_, pick) => pick % 4 === index % 4).map(
        (value) =>
          `?${name}=${encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value))}`,
      ),
    );
  }

  // Before the fuzzing, which ends by erasing the member.
  it('refuses, by name, a query parameter the route does not take, on every route', async () => {
    const ignored: string[] = [];
    let admitted = 0;
    for (const { baseUrl, document } of documents) {
      for (const route of routesOf(document)) {
        const schema = bodySchemaOf(route, document);
        const plausible = schema ? JSON.stringify(sampleOf(schema, document, known)) : undefined;
        for (const caller of credentials.keys()) {
          const headers: Record<string, string> = { ...credentials.get(caller) };
          if (WRITES.has(route.method)) headers['idempotency-key'] = randomUUID();
          if (plausible !== undefined) headers['content-type'] = 'application/json';
          const response = await fetch(
            `${baseUrl}${pathOf(route, undefined, '?notAParameter=1')}`,
            {
              method: route.method,
              headers,
              ...(plausible !== undefined ? { body: plausible } : {}),
            },
          );
          if ([401, 403, 429].includes(response.status)) continue;
          admitted += 1;
          const problem = (await response.json()) as {
            errors?: { field: string; location?: string }[];
          };
          const named = problem.errors?.some(
            (error) => error.field === 'notAParameter' && error.location === 'query',
          );
          if (response.status !== 400 || !named) {
            ignored.push(`${caller} ${route.method} ${route.path} → ${response.status}`);
          }
        }
      }
    }
    expect(ignored).toEqual([]);
    expect(admitted).toBeGreaterThan(100);
  }, 300_000);

  it('answers no request with a 5xx, and every refusal as problem+json', async () => {
    const violations: Violation[] = [];
    let sent = 0;
    for (const { baseUrl, document } of documents) {
      // Erasures last, so that the member's own routes are fuzzed while the member exists.
      const routes = routesOf(document).sort(
        (a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'),
      );
      for (const route of routes) {
        const schema = bodySchemaOf(route, document);
        const plausible = schema ? JSON.stringify(sampleOf(schema, document, known)) : undefined;
        const allowed: Caller[] = [];
        for (const caller of credentials.keys()) {
          const status = await send(
            baseUrl,
            { route, caller, path: pathOf(route), body: plausible },
            violations,
          );
          sent += 1;
          if (status !== 401 && status !== 403) allowed.push(caller);
        }
        for (const caller of allowed) {
          const probes: Probe[] = [
            ...hostileBodies(route, document).map((body) => ({
              route,
              caller,
              path: pathOf(route),
              body,
            })),
            ...hostileQueries(route).map((query) => ({
              route,
              caller,
              path: pathOf(route, undefined, query),
              body: plausible,
            })),
            ...[...route.path.matchAll(/\{(\w+)\}/g)].flatMap(([, name]) =>
              HOSTILE_PATH_VALUES.map((value) => ({
                route,
                caller,
                path: pathOf(route, { name: name!, value }),
                body: plausible,
              })),
            ),
          ];
          if (plausible !== undefined) {
            probes.push({
              route,
              caller,
              path: pathOf(route),
              body: plausible,
              contentType: 'text/plain',
            });
          }
          for (const probe of probes) {
            await send(baseUrl, probe, violations);
            sent += 1;
          }
        }
      }
    }
    expect(violations).toEqual([]);
    expect(sent).toBeGreaterThan(2_000);
  }, 600_000);

  it('answers what fails before routing as problem+json: oversized headers, bodies, wrong media types', async () => {
    for (const { baseUrl, document } of documents) {
      const post = routesOf(document).find(
        (route) => route.method === 'POST' && !route.path.includes('{'),
      )!.path;
      const checks: [string, RequestInit, number][] = [
        [`${post}?${'q='.padEnd(20_000, 'x')}`, { method: 'POST' }, 431],
        [
          post,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(2 * 1024 * 1024) }),
          },
          413,
        ],
        [
          post,
          { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' },
          415,
        ],
        [
          post,
          { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' },
          400,
        ],
      ];
      for (const [path, init, status] of checks) {
        // Unauthenticated: each of these is refused before any credential is looked at.
        const response = await fetch(`${baseUrl}${path}`, init);
        const body = await response.text();
        expect({ path: path.slice(0, 40), status: response.status }).toEqual({
          path: path.slice(0, 40),
          status,
        });
        expect(response.headers.get('content-type')).toContain(PROBLEM);
        expect((JSON.parse(body) as { status: number }).status).toBe(status);
      }
    }
  });
});
