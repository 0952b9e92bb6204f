import { StaffRole } from '@loyalty/domain';
import {
  createStaffAccount,
  enrolMember,
  type LedgerWorld,
  memberToken,
  type OpenApiDocument,
  request,
  routesOf,
  signInStaff,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { startWorld } from './ledger-world';

type Caller = 'nobody' | 'clerk' | 'manager' | 'admin' | 'marketing' | 'member' | 'pos';
const STAFF: Caller[] = ['clerk', 'manager', 'admin'];

describe('points-ledger: who may call which route', () => {
  let world: LedgerWorld;
  const credentials = new Map<Caller, Record<string, string>>();
  let memberId: string;
  let cardNumber: string;

  beforeAll(async () => {
    world = await startWorld();
    const member = await enrolMember(world);
    memberId = member.memberId;
    cardNumber = member.cardNumber;
    const marketing = await signInStaff(
      world.cardIssuance.baseUrl,
      await createStaffAccount(
        world.dataSource,
        world.program.programId,
        StaffRole.Marketing,
        null,
      ),
    );
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    credentials.set('nobody', {});
    credentials.set('clerk', bearer(world.clerk));
    credentials.set('manager', bearer(world.manager));
    credentials.set('admin', bearer(world.admin));
    credentials.set('marketing', bearer(marketing));
    credentials.set('member', bearer(await memberToken(world, member)));
    credentials.set('pos', { 'x-api-key': world.posApiKey });
  });

  afterAll(async () => {
    await world?.close();
  });

  const MEMBER_VALUE: Caller[] = [...STAFF, 'marketing'];
  /** Every route of the app by its OpenAPI path, and exactly who may call it. */
  const routes: [string, string, Caller[]][] = [
    ['GET', '/v1/program', [...STAFF, 'marketing', 'member', 'pos']],
    ['PATCH', '/v1/program', ['admin']],
    ['POST', '/v1/purchases', ['pos']],
    ['GET', '/v1/purchases', ['pos']],
    ['POST', '/v1/purchases/preview', ['pos']],
    ['GET', '/v1/purchases/{purchaseId}', ['pos']],
    ['POST', '/v1/purchases/batch', ['pos']],
    ['POST', '/v1/refunds', ['pos']],
    ['POST', '/v1/redemptions', ['pos']],
    ['POST', '/v1/holds', ['pos']],
    ['GET', '/v1/holds/{holdId}', ['pos']],
    ['POST', '/v1/holds/{holdId}/capture', ['pos']],
    ['POST', '/v1/holds/{holdId}/void', ['pos']],
    ['GET', '/v1/cards/{number}/balance', ['pos']],
    ['POST', '/v1/me/redemption-codes', ['member']],
    ['GET', '/v1/me/balance', ['member']],
    ['GET', '/v1/me/transactions', ['member']],
    ['GET', '/v1/me/transactions/{transactionId}', ['member']],
    ['GET', '/v1/members/{memberId}/balance', STAFF],
    ['GET', '/v1/members/{memberId}/lots', STAFF],
    ['GET', '/v1/members/{memberId}/transactions', STAFF],
    ['GET', '/v1/members/{memberId}/value', MEMBER_VALUE],
    ['GET', '/v1/transactions/{transactionId}', STAFF],
    ['POST', '/v1/transfers', ['manager', 'admin']],
    ['POST', '/v1/me/transfers', ['member']],
    ['POST', '/v1/adjustments', ['manager', 'admin']],
    ['GET', '/v1/adjustment-requests', ['manager', 'admin']],
    ['POST', '/v1/adjustment-requests/{adjustmentRequestId}/approval', ['manager', 'admin']],
    ['POST', '/v1/adjustment-requests/{adjustmentRequestId}/rejection', ['manager', 'admin']],
    ['GET', '/v1/point-limits', STAFF],
    ['PUT', '/v1/point-limits', ['admin']],
    ['POST', '/v1/transactions/{transactionId}/reversal', ['manager', 'admin']],
    ['GET', '/v1/earning-rules', STAFF],
    ['GET', '/v1/campaigns', ['admin', 'marketing']],
    ['POST', '/v1/earning-rules', ['admin']],
    ['POST', '/v1/earning-rules/preview', ['admin']],
    ['GET', '/v1/value-policies', ['admin', 'marketing']],
    ['POST', '/v1/value-policies', ['admin']],
    ['POST', '/v1/value-policies/preview', ['admin']],
    ['GET', '/v1/me/tier', ['member']],
    ['POST', '/v1/me/surveys', ['member']],
    ['GET', '/v1/insights/customer-equity', ['admin', 'marketing']],
    ['GET', '/v1/insights/clv', ['admin', 'marketing']],
    ['GET', '/v1/insights/clv-distribution', ['admin', 'marketing']],
    ['GET', '/v1/insights/tiers', ['admin', 'marketing']],
    ['GET', '/v1/insights/cohorts', ['admin', 'marketing']],
    ['GET', '/v1/insights/acquisition', ['admin', 'marketing']],
    ['GET', '/v1/insights/retention', ['admin', 'marketing']],
    ['GET', '/v1/insights/arpu', ['admin', 'marketing']],
    ['GET', '/v1/insights/points', ['admin', 'marketing']],
    ['GET', '/v1/insights/surveys', ['admin', 'marketing']],
    ['GET', '/v1/insights/rewards', ['admin', 'marketing']],
    ['GET', '/v1/webhooks', ['admin']],
    ['POST', '/v1/webhooks', ['admin']],
    ['GET', '/v1/webhooks/{webhookId}/deliveries', ['admin']],
    ['DELETE', '/v1/webhooks/{webhookId}', ['admin']],
    ['POST', '/v1/rescores', ['admin']],
    ['GET', '/v1/rescores/{rescoreId}', ['admin']],
    ['POST', '/v1/imports/{kind}', ['admin']],
    ['GET', '/v1/rewards-catalog', [...STAFF, 'marketing']],
    ['POST', '/v1/rewards-catalog', ['admin', 'marketing']],
    ['GET', '/v1/rewards-catalog/{rewardId}', [...STAFF, 'marketing']],
    ['PUT', '/v1/rewards-catalog/{rewardId}', ['admin', 'marketing']],
    ['GET', '/v1/me/rewards', ['member']],
    ['POST', '/v1/me/rewards/{rewardId}/claim', ['member']],
    ['GET', '/v1/me/vouchers', ['member']],
    ['GET', '/v1/me/vouchers/{voucherId}', ['member']],
    ['GET', '/v1/me/vouchers/{voucherId}/barcode.svg', ['member']],
    ['GET', '/v1/me/vouchers/{voucherId}/barcode.png', ['member']],
    ['POST', '/v1/reward-claims', ['pos']],
    ['POST', '/v1/members/{memberId}/reward-claims', STAFF],
    ['GET', '/v1/vouchers/{code}', ['pos']],
    ['POST', '/v1/vouchers/{code}/redemption', ['pos']],
  ];
  /** The route's path with its parameters filled: the world's member and card, fresh ids else. */
  const filled = (path: string) =>
    path.replaceAll(/\{(\w+)\}/g, (_, name: string) =>
      name === 'memberId' ? memberId : name === 'number' ? cardNumber : randomUUID(),
    );

  it('lists every route the app documents, and no other', async () => {
    const document = await request<OpenApiDocument>(`${world.ledger.baseUrl}/docs-json`);
    const documented = routesOf(document.body)
      .filter((route) => route.path.startsWith('/v1/'))
      .map((route) => `${route.method} ${route.path}`)
      .sort();
    expect(routes.map(([method, path]) => `${method} ${path}`).sort()).toEqual(documented);
  });

  it.each(routes)('%s %s admits exactly its callers', async (method, path, allowed) => {
    const outcomes: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const [caller, headers] of credentials) {
      const response = await request(`${world.ledger.baseUrl}${filled(path)}`, {
        method,
        headers: {
          ...headers,
          'idempotency-key': randomUUID(),
          ...(method !== 'GET' ? { 'content-type': 'application/json' } : {}),
        },
        ...(method !== 'GET' ? { body: '{}' } : {}),
      });
      outcomes[caller] = [401, 403].includes(response.status)
        ? String(response.status)
        : 'admitted';
      expected[caller] =
        caller === 'nobody' ? '401' : allowed.includes(caller) ? 'admitted' : '403';
    }
    expect(outcomes).toEqual(expected);
  });
});
