import {
  DEFAULT_POINT_LIMITS,
  DomainErrorCode,
  type EarningRules,
  type JournalPlan,
  JournalTransactionKind,
  type Lot,
  type MemberPoints,
  type PlanContext,
  PROGRAM_ACCOUNT_KINDS,
  type ProgramAccountKind,
  StaffRole,
} from '@loyalty/domain';
import fc from 'fast-check';
import { planStaffAdjustment } from './adjustments/adjustment.plan';
import { planForfeiture } from './erasure/forfeiture.plan';
import { planExpiry } from './expiry/expiry.plan';
import { planPurchase } from './purchases/purchase.plan';
import { planRedemption } from './redemptions/redemption.plan';
import { planRefund } from './refunds/refund.plan';
import { planReversal } from './reversals/reversal.plan';
import { planTransfer } from './transfers/transfer.plan';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

function contextAt(now = NOW): PlanContext {
  let next = 0;
  return {
    programId: 'program',
    now,
    newId: () => `id-${(next += 1)}`,
    programAccounts: Object.fromEntries(
      PROGRAM_ACCOUNT_KINDS.map((kind) => [kind, `program:${kind}`]),
    ) as Record<ProgramAccountKind, string>,
  };
}

const lot = (id: string, remaining: number, fields: Partial<Lot> = {}): Lot => ({
  id,
  amount: remaining,
  remaining,
  availableFrom: at(-30),
  expiresAt: null,
  createdAt: at(-30),
  ...fields,
});

const member = (memberId: string, lots: Lot[], balance?: number): MemberPoints => ({
  accountId: `account:${memberId}`,
  memberId,
  balance: balance ?? lots.reduce((sum, each) => sum + each.remaining, 0),
  lots,
});

const RULES: EarningRules = {
  basePoints: 1,
  perMinorUnits: 100,
  rounding: 'down',
  categoryMultipliers: {},
  skuMultipliers: {},
  tierMultipliers: {},
  campaigns: [],
  excludedCategories: [],
  maxPointsPerPurchase: null,
  pendingDays: 14,
  expiry: { kind: 'months_after_earning', months: 12 },
};

const program = {
  id: 'program',
  code: 'p',
  name: 'Program',
  currency: 'EUR',
  timezone: 'Europe/Amsterdam',
  cardPrefix: '628',
  maxActiveCardsPerMember: 3,
  phoneRegion: null,
  pointLimits: DEFAULT_POINT_LIMITS,
};

const system = { kind: 'system' as const, id: null };
const manager = {
  kind: 'staff' as const,
  staffId: 'manager',
  programId: 'program',
  role: StaffRole.Manager,
  storeId: 'store',
};

/** Every journal of a plan sums to zero, and moves its lots by no more than they hold. */
function expectBalanced(plan: JournalPlan<unknown>): void {
  for (const journal of plan.journals) {
    expect(journal.entries.reduce((sum, entry) => sum + entry.points, 0)).toBe(0);
    for (const entry of journal.entries) expect(entry.points).not.toBe(0);
  }
}

/** What a planner threw; a plan that was not refused fails the test. */
function refusalOf(plan: () => unknown): unknown {
  try {
    plan();
  } catch (error) {
    return error;
  }
  throw new Error('the plan was not refused');
}

const answerOf = <A>(plan: JournalPlan<A>) => plan.answer(() => ({ available: -1, pending: -1 }));

describe('journal plans (no database)', () => {
  it('credits a purchase as a pending lot against the points issued, with its events in order', () => {
    const plan = planPurchase(
      {
        program,
        purchase: {
          member: { cardNumber: '1' },
          storeId: 'store',
          receiptId: 'r-1',
          amountMinor: 4_250,
          currency: 'EUR',
          occurredAt: at(-1),
          lines: [],
        },
        ruleSet: {
          id: 'rules',
          programId: 'program',
          version: 3,
          effectiveFrom: at(-100),
          rules: RULES,
          createdAt: at(-100),
        },
        recordedAs: 'live',
        actor: { kind: 'pos-terminal', id: 'till' },
        member: { cardId: 'card', tier: null },
        tierMultiplierBp: undefined,
        points: member('m', [], 0),
      },
      contextAt(),
    );
    expectBalanced(plan);
    const [earn] = plan.journals;
    expect(earn).toMatchObject({
      kind: JournalTransactionKind.PurchaseEarn,
      entries: [
        { accountId: 'account:m', points: 42 },
        { accountId: 'program:points_issued', points: -42 },
      ],
    });
    expect(earn!.newLots).toEqual([
      expect.objectContaining({ accountId: 'account:m', amount: 42, availableFrom: at(14) }),
    ]);
    expect(plan.events.map((event) => event.type)).toEqual(['purchase.recorded', 'points.earned']);
    expect(plan.records?.purchases?.[0]).toMatchObject({ receiptId: 'r-1', pointsEarned: 42 });
    expect(plan.balancesOf).toEqual(['account:m']);
    expect(plan.answer(() => ({ available: 7, pending: 42 }))).toMatchObject({
      points: 42,
      earningRulesVersion: 3,
      pendingUntil: at(14).toISOString(),
      balance: { available: 7, pending: 42 },
    });
  });

  it('books points already past their expiry straight to the expired account, the balance unmoved', () => {
    const plan = planPurchase(
      {
        program: { ...program, pointLimits: { ...DEFAULT_POINT_LIMITS, offlineWindowDays: 3650 } },
        purchase: {
          member: { memberId: 'm' },
          storeId: 'store',
          receiptId: 'r-old',
          amountMinor: 1_000,
          currency: 'EUR',
          occurredAt: at(-400),
          lines: [],
        },
        ruleSet: {
          id: 'rules',
          programId: 'program',
          version: 1,
          effectiveFrom: at(-1000),
          rules: RULES,
          createdAt: at(-1000),
        },
        recordedAs: 'history',
        actor: system,
        member: { cardId: null, tier: null },
        tierMultiplierBp: undefined,
        points: member('m', [], 0),
      },
      contextAt(),
    );
    expectBalanced(plan);
    expect(plan.journals.map((journal) => journal.kind)).toEqual([
      JournalTransactionKind.PurchaseEarn,
      JournalTransactionKind.Expiry,
    ]);
    const lotId = plan.journals[0]!.newLots![0]!.id;
    expect(plan.journals.flatMap((journal) => journal.lotMovements ?? [])).toEqual([
      { lotId, points: 10 },
      { lotId, points: -10 },
    ]);
    expect(plan.events.map((event) => event.type)).toEqual([
      'points.expired',
      'purchase.recorded',
      'points.earned',
    ]);
    expect(answerOf(plan)).toMatchObject({ points: 10, pointsExpired: 10 });
  });

  it('spends a redemption from the soonest-expiring available lot and spends its code', () => {
    const points = member('m', [
      lot('late', 50, { expiresAt: at(300) }),
      lot('soon', 30, { expiresAt: at(10) }),
      lot('pending', 100, { availableFrom: at(5) }),
    ]);
    const plan = planRedemption(
      {
        programId: 'program',
        redemption: {
          member: { memberId: 'm' },
          points: 40,
          redemptionCode: '12345678',
          storeId: null,
          reference: null,
        },
        actor: { kind: 'pos-terminal', id: 'till' },
        codeId: 'code',
        points,
      },
      contextAt(),
    );
    expectBalanced(plan);
    expect(plan.journals[0]!.lotMovements).toEqual([
      { lotId: 'soon', points: -30 },
      { lotId: 'late', points: -10 },
    ]);
    expect(plan.records?.spentCodeIds).toEqual(['code']);
    expect(answerOf(plan).balance).toEqual({ available: 40, pending: 100 });
    expect(
      refusalOf(() =>
        planRedemption(
          {
            programId: 'program',
            redemption: {
              member: { memberId: 'm' },
              points: 81,
              redemptionCode: '1',
              storeId: null,
              reference: null,
            },
            actor: system,
            codeId: 'code',
            points,
          },
          contextAt(),
        ),
      ),
    ).toMatchObject({ code: DomainErrorCode.InsufficientPoints });
  });

  it('books due expiry as its own transaction before a removal, so the removal sees what is held', () => {
    const points = member('m', [lot('expired', 70, { expiresAt: at(-1) }), lot('live', 30)]);
    const adjustment = {
      memberId: 'm',
      reason: 'goodwill correction',
      programId: 'program',
      actor: { kind: 'staff' as const, id: 'manager' },
      expiresAt: null,
      staff: manager,
      member: { enrolledStoreId: 'store' },
      limits: DEFAULT_POINT_LIMITS,
      movedByHandInLastDay: 0,
      account: points,
    };
    expect(
      refusalOf(() => planStaffAdjustment({ ...adjustment, points: -31 }, contextAt())),
    ).toMatchObject({ code: DomainErrorCode.InsufficientPoints });
    const plan = planStaffAdjustment({ ...adjustment, points: -30 }, contextAt());
    expectBalanced(plan);
    expect(plan.journals.map((journal) => [journal.kind, journal.lotMovements])).toEqual([
      [JournalTransactionKind.Expiry, [{ lotId: 'expired', points: -70 }]],
      [JournalTransactionKind.Adjustment, [{ lotId: 'live', points: -30 }]],
    ]);
    expect(plan.events.map((event) => event.type)).toEqual(['points.expired', 'points.adjusted']);
  });

  it('asks for a second person above the cap, and moves nothing', () => {
    const plan = planStaffAdjustment(
      {
        memberId: 'm',
        points: 4_000,
        reason: 'goodwill correction',
        programId: 'program',
        actor: { kind: 'staff', id: 'manager' },
        expiresAt: null,
        staff: manager,
        member: { enrolledStoreId: 'store' },
        limits: DEFAULT_POINT_LIMITS,
        movedByHandInLastDay: 1_500,
        account: member('m', []),
      },
      contextAt(),
    );
    expect(plan.journals).toEqual([]);
    expect(plan.records?.adjustmentRequests).toEqual([
      expect.objectContaining({ memberId: 'm', points: 4_000, requestedBy: 'manager' }),
    ]);
    expect(answerOf(plan)).toMatchObject({ status: 'pending_approval', points: 4_000 });
  });

  it('moves a transfer lot by lot with the same expiry dates, within the daily allowance', () => {
    const transfer = {
      programId: 'program',
      actor: { kind: 'member' as const, id: 'from' },
      transfer: { fromMemberId: 'from', toMemberId: 'to', points: 60, reason: null },
      consent: {
        initiatedBy: { kind: 'member' as const, id: 'from' },
        consent: 'member_app' as const,
      },
      limits: DEFAULT_POINT_LIMITS,
      sentByMemberInLastDay: 100,
      source: member('from', [
        lot('a', 40, { expiresAt: at(20) }),
        lot('b', 40, { expiresAt: at(90) }),
      ]),
      target: member('to', [], -25),
    };
    const plan = planTransfer(transfer, contextAt());
    expectBalanced(plan);
    const journal = plan.journals[0]!;
    expect(journal.newLots!.map((each) => [each.accountId, each.amount, each.expiresAt])).toEqual([
      ['account:to', 40, at(20)],
      ['account:to', 20, at(90)],
    ]);
    // The receiver's debt of 25 is paid from the first lot credited to them.
    expect(journal.lotMovements).toEqual(
      expect.arrayContaining([{ lotId: journal.newLots![0]!.id, points: 15 }]),
    );
    expect(answerOf(plan).dailyAllowanceLeft).toBe(
      DEFAULT_POINT_LIMITS.memberTransferDailyPoints - 160,
    );
    expect(
      refusalOf(() =>
        planTransfer(
          {
            ...transfer,
            sentByMemberInLastDay: DEFAULT_POINT_LIMITS.memberTransferDailyPoints - 59,
          },
          contextAt(),
        ),
      ),
    ).toMatchObject({ code: DomainErrorCode.TransferLimitExceeded });
  });

  it('takes a refund back from the purchase’s own lot first, and refuses more than is left', () => {
    const refund = {
      programId: 'program',
      actor: { kind: 'pos-terminal' as const, id: 'till' },
      refund: {
        purchase: { id: 'purchase' },
        refundedAtStoreId: 'store',
        amountMinor: 500,
        occurredAt: NOW,
      },
      purchase: {
        id: 'purchase',
        memberId: 'm',
        storeId: 'store',
        amountMinor: 1_000,
        currency: 'EUR',
        pointsEarned: 10,
        earnTransactionId: 'earn',
        earnReversed: false,
        refundedMinor: 0,
        pointsRefunded: 0,
      },
      memberErased: false,
      earnedLotIds: ['earned'],
      points: member('m', [lot('other', 100), lot('earned', 10, { availableFrom: at(3) })]),
    };
    const plan = planRefund(refund, contextAt());
    expectBalanced(plan);
    expect(plan.journals[0]!.lotMovements).toEqual([{ lotId: 'earned', points: -5 }]);
    expect(plan.records?.refunds).toEqual([
      expect.objectContaining({ purchaseId: 'purchase', amountMinor: 500, pointsReversed: 5 }),
    ]);
    expect(answerOf(plan)).toMatchObject({ pointsReversed: 5, refundableMinorLeft: 500 });
    expect(
      refusalOf(() =>
        planRefund({ ...refund, refund: { ...refund.refund, amountMinor: 1_001 } }, contextAt()),
      ),
    ).toMatchObject({ code: DomainErrorCode.RefundExceedsPurchase });
    // An erased member's account is closed: the refund is recorded and takes nothing back.
    const closed = planRefund({ ...refund, memberErased: true }, contextAt());
    expect(closed.journals[0]!.entries).toEqual([]);
    expect(closed.events.map((event) => event.type)).toEqual(['purchase.refunded']);
  });

  it('reverses a redemption by giving each lot back what was drawn from it', () => {
    const plan = planReversal(
      {
        programId: 'program',
        actor: { kind: 'staff', id: 'admin' },
        staff: { ...manager, staffId: 'admin', role: StaffRole.Admin, storeId: null },
        limits: DEFAULT_POINT_LIMITS,
        reason: 'the till redeemed twice',
        transactionId: 'redemption',
        original: {
          kind: JournalTransactionKind.Redemption,
          memberId: 'm',
          purchaseId: null,
          reversed: false,
          entries: [
            { accountId: 'account:m', memberId: 'm', points: -30 },
            { accountId: 'program:points_redeemed', memberId: null, points: 30 },
          ],
        },
        movements: [{ lotId: 'spent', points: -30, accountId: 'account:m' }],
        creditedLots: [],
        alreadyRefunded: 0,
        members: new Map([
          [
            'm',
            {
              facts: { enrolledStoreId: 'store', erased: false },
              points: member('m', [lot('spent', 0, { amount: 30 })]),
              movedByHandInLastDay: 0,
            },
          ],
        ]),
      },
      contextAt(),
    );
    expectBalanced(plan);
    expect(plan.journals[0]).toMatchObject({
      kind: JournalTransactionKind.Reversal,
      reversesTransactionId: 'redemption',
      entries: [
        { accountId: 'account:m', points: 30 },
        { accountId: 'program:points_redeemed', points: -30 },
      ],
      lotMovements: [{ lotId: 'spent', points: 30 }],
    });
    expect(answerOf(plan).members).toEqual([{ memberId: 'm', points: 30 }]);
  });

  it('expires what is due as of the run, and forfeits what an erased member holds', () => {
    const points = member('m', [lot('due', 20, { expiresAt: at(-2) }), lot('live', 5)]);
    const expiry = planExpiry(points, 'program', NOW, contextAt());
    expect(answerOf(expiry)).toBe(20);
    expect(planExpiry(points, 'program', at(-3), contextAt()).journals).toEqual([]);
    const forfeiture = planForfeiture(points, 'program', contextAt());
    expectBalanced(forfeiture);
    expect(forfeiture.journals.map((journal) => journal.kind)).toEqual([
      JournalTransactionKind.Expiry,
      JournalTransactionKind.Forfeiture,
    ]);
    expect(answerOf(forfeiture)).toEqual({ memberId: 'm', points: 5 });
    expect(forfeiture.records?.codesEndedFor).toEqual(['m']);
  });

  it('property: any adjustment or redemption plan balances and never moves a lot below zero', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            remaining: fc.integer({ min: 1, max: 500 }),
            expiresInDays: fc.option(fc.integer({ min: -30, max: 400 }), { nil: null }),
            availableInDays: fc.integer({ min: -30, max: 10 }),
          }),
          { maxLength: 6 },
        ),
        fc.integer({ min: -400, max: 400 }).filter((points) => points !== 0),
        (lots, points) => {
          const account = member(
            'm',
            lots.map((each, n) =>
              lot(`lot-${n}`, each.remaining, {
                availableFrom: at(each.availableInDays),
                expiresAt: each.expiresInDays === null ? null : at(each.expiresInDays),
              }),
            ),
          );
          const plans: JournalPlan<unknown>[] = [];
          try {
            plans.push(
              planStaffAdjustment(
                {
                  memberId: 'm',
                  points,
                  reason: 'property adjustment',
                  programId: 'program',
                  actor: { kind: 'staff', id: 'admin' },
                  expiresAt: null,
                  staff: { ...manager, role: StaffRole.Admin, storeId: null },
                  member: { enrolledStoreId: 'store' },
                  limits: DEFAULT_POINT_LIMITS,
                  movedByHandInLastDay: 0,
                  account,
                },
                contextAt(),
              ),
            );
          } catch (error) {
            expect(error).toMatchObject({ code: DomainErrorCode.InsufficientPoints });
          }
          try {
            plans.push(
              planRedemption(
                {
                  programId: 'program',
                  redemption: {
                    member: { memberId: 'm' },
                    points: Math.abs(points),
                    redemptionCode: '1',
                    storeId: null,
                    reference: null,
                  },
                  actor: system,
                  codeId: 'code',
                  points: account,
                },
                contextAt(),
              ),
            );
          } catch (error) {
            expect(error).toMatchObject({ code: DomainErrorCode.InsufficientPoints });
          }
          for (const plan of plans) {
            const remaining = new Map(account.lots.map((each) => [each.id, each.remaining]));
            expectBalanced(plan);
            for (const journal of plan.journals) {
              for (const created of journal.newLots ?? []) remaining.set(created.id, 0);
              for (const movement of journal.lotMovements ?? []) {
                remaining.set(movement.lotId, remaining.get(movement.lotId)! + movement.points);
              }
            }
            for (const left of remaining.values()) expect(left).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });
});
