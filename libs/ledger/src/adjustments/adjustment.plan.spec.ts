import {
  DEFAULT_POINT_LIMITS,
  DomainErrorCode,
  type JournalPlan,
  JournalTransactionKind,
  StaffRole,
} from '@loyalty/domain';
import fc from 'fast-check';
import {
  at,
  contextAt,
  lot,
  member,
  system,
  manager,
  expectBalanced,
  refusalOf,
  answerOf,
} from '../journal-plan.fixtures';
import { planRedemption } from '../redemptions/redemption.plan';
import { planStaffAdjustment } from './adjustment.plan';

describe('the plan of an adjustment (no database)', () => {
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
