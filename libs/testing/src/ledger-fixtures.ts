import { type ProgramPointLimits, StaffRole } from '@loyalty/domain';
import { redemptionCodeHash } from '@loyalty/ledger';
import { type LedgerCheckResult, verifyLedger } from '@loyalty/persistence';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { type JsonResponse, request, type RunningApp, startApp } from './app-harness';
import {
  call,
  CapturingWebhook,
  createPosApiKey,
  createProgram,
  type ProgramFixture,
  signInMember,
  signedInStaff,
} from './card-issuance-fixtures';
import { openTestDataSource } from './test-services';

/** Both HTTP apps a ledger spec needs: card issuance enrols and signs in, the ledger counts. */
export interface LedgerWorld {
  readonly ledger: RunningApp;
  readonly cardIssuance: RunningApp;
  readonly dataSource: DataSource;
  readonly webhook: CapturingWebhook;
  readonly program: ProgramFixture;
  readonly clerk: string;
  readonly manager: string;
  readonly admin: string;
  readonly posApiKey: string;
  close(): Promise<void>;
}

export interface EnrolledMember {
  readonly memberId: string;
  readonly cardNumber: string;
  readonly email: string;
}

/**
 * One point per euro, 30 days pending, expiry 12 months after earning. The return window counts
 * from when points are recorded, so the world's program earns on this from its start, and on
 * IMMEDIATE_EARNING_RULES (no return window) for sales before it: a spec's purchase dated in the
 * past is spendable at once, one dated now is pending.
 */
export const STANDARD_EARNING_RULES = {
  basePoints: 1,
  perMinorUnits: 100,
  rounding: 'down',
  categoryMultipliers: [],
  skuMultipliers: [],
  campaigns: [],
  excludedCategories: [],
  maxPointsPerPurchase: null,
  pendingDays: 30,
  expiry: { kind: 'months_after_earning', months: 12 },
  effectiveFrom: '2000-01-01T00:00:00Z',
};

export const IMMEDIATE_EARNING_RULES = { ...STANDARD_EARNING_RULES, pendingDays: 0 };

const DAY_MS = 86_400_000;

/** An instant `days` ago: purchases that old are past the return window and spendable. */
export const daysAgo = (days: number): string => new Date(Date.now() - days * DAY_MS).toISOString();

/**
 * A sale time whose points (12 months after earning, same local time) expire `seconds` from now:
 * the same instant a year ago. The purchase's answer has the exact `expiresAt` to wait for.
 */
export function expiringIn(seconds: number): string {
  const at = new Date(Date.now() + seconds * 1000);
  at.setUTCFullYear(at.getUTCFullYear() - 1);
  return at.toISOString();
}

/** Resolves once the clock is past `instant`: what a spec waits for when points must expire. */
export async function clockPast(instant: string | Date): Promise<void> {
  const due = new Date(instant).getTime();
  while (Date.now() <= due) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(due - Date.now() + 1, 100)));
  }
}

/** The apps' factories, passed in by the spec: libs never import apps. */
export interface LedgerWorldApps {
  readonly createCardIssuanceApp: () => Promise<INestApplication>;
  readonly createPointsLedgerApp: () => Promise<INestApplication>;
}

export async function startLedgerWorld(
  { createCardIssuanceApp, createPointsLedgerApp }: LedgerWorldApps,
  environment: Record<string, string> = {},
): Promise<LedgerWorld> {
  const dataSource = await openTestDataSource();
  const webhook = await CapturingWebhook.start();
  const settings = {
    SIGN_IN_CODE_WEBHOOK_URL: webhook.url,
    POS_LOOKUPS_PER_MINUTE: '100000',
    ...environment,
  };
  const cardIssuance = await startApp(createCardIssuanceApp, settings);
  const ledger = await startApp(createPointsLedgerApp, settings);
  const program = await createProgram(dataSource);
  const store = program.storeIds[0];
  const staff = (role: StaffRole, storeId: string | null) =>
    signedInStaff(cardIssuance.baseUrl, dataSource, program.programId, role, storeId);
  const world: LedgerWorld = {
    ledger,
    cardIssuance,
    dataSource,
    webhook,
    program,
    clerk: await staff(StaffRole.Clerk, store),
    manager: await staff(StaffRole.Manager, store),
    admin: await staff(StaffRole.Admin, null),
    posApiKey: (await createPosApiKey(dataSource, program.programId, store)).apiKey,
    close: async () => {
      await ledger.close();
      await cardIssuance.close();
      await webhook.close();
      await dataSource.destroy();
    },
  };
  for (const rules of [
    IMMEDIATE_EARNING_RULES,
    { ...STANDARD_EARNING_RULES, effectiveFrom: new Date(Date.now() - 1_000).toISOString() },
  ]) {
    const published = await call(ledger.baseUrl, 'POST', '/v1/earning-rules', {
      token: world.admin,
      body: rules,
    });
    if (published.status !== 201) throw new Error(`publishing rules answered ${published.status}`);
  }
  return world;
}

export async function enrolMember(world: LedgerWorld): Promise<EnrolledMember> {
  const email = `member-${randomUUID()}@example.com`;
  const enrolled = await call<{ member: { id: string }; card: { number: string } }>(
    world.cardIssuance.baseUrl,
    'POST',
    '/v1/members',
    {
      token: world.clerk,
      body: {
        email,
        acquisitionChannel: 'store',
        marketingConsent: false,
        card: { kind: 'virtual' },
      },
    },
  );
  if (enrolled.status !== 201) throw new Error(`enrolment answered ${enrolled.status}`);
  return { memberId: enrolled.body.member.id, cardNumber: enrolled.body.card.number, email };
}

export async function memberToken(world: LedgerWorld, member: EnrolledMember): Promise<string> {
  const session = await signInMember(
    world.cardIssuance.baseUrl,
    world.webhook,
    world.program.programCode,
    member.email,
  );
  return session.accessToken;
}

/**
 * A ledger write with its Idempotency-Key (a fresh one unless given), to the world's ledger app
 * unless another ledger process's base URL is given.
 */
export function ledgerWrite<T = Record<string, unknown>>(
  world: LedgerWorld,
  path: string,
  options: {
    apiKey?: string;
    token?: string;
    body: unknown;
    key?: string | null;
    baseUrl?: string;
  },
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  else headers['x-api-key'] = options.apiKey ?? world.posApiKey;
  if (options.key !== null) headers['idempotency-key'] = options.key ?? randomUUID();
  return request<T>(`${options.baseUrl ?? world.ledger.baseUrl}${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(options.body),
  });
}

/** A purchase at the first store's till, long enough ago to be spendable now. */
export const purchaseOf = (
  member: EnrolledMember,
  amountMinor: number,
  overrides: Record<string, unknown> = {},
) => ({
  cardNumber: member.cardNumber,
  receiptId: `R-${randomUUID()}`,
  amountMinor,
  currency: 'EUR',
  occurredAt: daysAgo(40),
  ...overrides,
});

/** Sets the world program's point limits over HTTP, as its admin would. */
export async function setPointLimits(
  world: LedgerWorld,
  limits: Partial<ProgramPointLimits>,
): Promise<void> {
  const current = await call<ProgramPointLimits>(world.ledger.baseUrl, 'GET', '/v1/point-limits', {
    token: world.admin,
  });
  const replaced = await call(world.ledger.baseUrl, 'PUT', '/v1/point-limits', {
    token: world.admin,
    body: { ...current.body, ...limits },
  });
  if (replaced.status !== 200) throw new Error(`point limits answered ${replaced.status}`);
}

/** Caps so high that a spec adjusting members at random never needs an approval. */
export const raiseAdjustmentCaps = (world: LedgerWorld): Promise<void> =>
  setPointLimits(world, {
    managerAdjustmentDailyPoints: 1_000_000_000,
    adminAdjustmentDailyPoints: 1_000_000_000,
  });

export interface MemberBalance {
  readonly available: number;
  readonly pending: number;
  readonly held: number;
  readonly lifetimeEarned: number;
  readonly lifetimeRedeemed: number;
  readonly nextExpiry: { readonly at: string; readonly points: number } | null;
}

/** A member's balance as a clerk reads it. */
export async function memberBalance(world: LedgerWorld, memberId: string): Promise<MemberBalance> {
  const answer = await call<MemberBalance>(
    world.ledger.baseUrl,
    'GET',
    `/v1/members/${memberId}/balance`,
    { token: world.clerk },
  );
  if (answer.status !== 200) throw new Error(`balance answered ${answer.status}`);
  return answer.body;
}

/**
 * How many rows a write leaves in the world program's ledger: journal transactions, purchases,
 * idempotency keys and adjustment requests. A refused write leaves the counts as they were.
 */
export async function ledgerTraces(
  world: LedgerWorld,
): Promise<{ journal: number; purchases: number; keys: number; adjustmentRequests: number }> {
  const [row] = await world.dataSource.query<
    { journal: number; purchases: number; keys: number; adjustmentRequests: number }[]
  >(
    `SELECT (SELECT count(*) FROM journal_transactions WHERE program_id = $1)::int AS journal,
            (SELECT count(*) FROM purchases WHERE program_id = $1)::int AS purchases,
            (SELECT count(*) FROM idempotency_keys WHERE program_id = $1)::int AS keys,
            (SELECT count(*) FROM adjustment_requests WHERE program_id = $1)::int
              AS "adjustmentRequests"`,
    [world.program.programId],
  );
  return row!;
}

/** A live redemption code for the member, written as the app's request would store it. */
export async function insertRedemptionCode(world: LedgerWorld, memberId: string): Promise<string> {
  const code = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  await world.dataSource.query(
    `INSERT INTO redemption_codes (id, member_id, code_hash, expires_at)
     VALUES ($1, $2, $3, now() + interval '5 minutes')`,
    [randomUUID(), memberId, redemptionCodeHash(memberId, code)],
  );
  return code;
}

/** A fresh redemption code from the member's app. */
export async function redemptionCode(world: LedgerWorld, token: string): Promise<string> {
  const issued = await call<{ code: string }>(
    world.ledger.baseUrl,
    'POST',
    '/v1/me/redemption-codes',
    { token },
  );
  if (issued.status !== 201) throw new Error(`redemption code answered ${issued.status}`);
  return issued.body.code;
}

/** The ledger rules the spec's program breaks (none, unless something is wrong). */
export async function brokenLedgerRules(world: LedgerWorld): Promise<LedgerCheckResult[]> {
  const results = await verifyLedger(world.dataSource, world.program.programId);
  return results.filter((result) => result.violations > 0);
}

/** A two-tier value policy on CLV (gold from `goldFromMinor`), for specs that need scoring. */
export const twoTierValuePolicy = (goldFromMinor = 60_000) => ({
  tierBasis: 'clv',
  tiers: [
    { name: 'member', earningMultiplierBp: 10000, upgradeRewardPoints: 0 },
    {
      name: 'gold',
      minClvMinor: goldFromMinor,
      earningMultiplierBp: 15000,
      upgradeRewardPoints: 300,
    },
  ],
  downgradeGraceDays: 30,
  horizonMonths: 12,
  annualDiscountRate: 0.1,
  margin: 0.3,
  costToServePerPurchaseMinor: 0,
  minHistoryDays: 365,
  winBack: null,
});
