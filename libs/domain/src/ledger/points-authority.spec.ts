import fc from 'fast-check';
import type { StaffPrincipal } from '../auth/principal';
import { DomainError, DomainErrorCode } from '../errors/domain-error';
import { StaffRole } from '../staff/staff';
import { type EarningRules, expiryOf } from './earning-rules';
import {
  checkAdjustmentApprover,
  checkMemberTransfer,
  checkReversal,
  checkStaffTransfer,
  decideAdjustment,
  DEFAULT_POINT_LIMITS,
  meaningfulReason,
  purchaseTiming,
} from './points-authority';

const DAY_MS = 86_400_000;
const RULES: EarningRules = {
  basePoints: 1,
  perMinorUnits: 100,
  rounding: 'down',
  categoryMultipliers: {},
  skuMultipliers: {},
  campaigns: [],
  excludedCategories: [],
  maxPointsPerPurchase: null,
  pendingDays: 14,
  expiry: { kind: 'months_after_earning', months: 12 },
};

const staff = (role: StaffRole, storeId: string | null = 'store-a', staffId = `${role}-1`) =>
  ({ kind: 'staff', staffId, programId: 'p', role, storeId }) as StaffPrincipal;
const memberOf = (enrolledStoreId: string) => ({ enrolledStoreId });

const codeOf = (run: () => unknown): string | null => {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return `${error.code}:${error.field ?? ''}`;
    throw error;
  }
};

describe('purchaseTiming', () => {
  const recordedAt = new Date('2026-06-15T10:00:00Z');
  const timing = (occurredAt: Date, offlineWindowDays = 7) =>
    purchaseTiming({
      occurredAt,
      recordedAt,
      rules: RULES,
      timeZone: 'Europe/Amsterdam',
      limits: { offlineWindowDays },
    });

  it('refuses a sale older than the offline window, naming occurredAt', () => {
    expect(codeOf(() => timing(new Date(recordedAt.getTime() - 8 * DAY_MS)))).toBe(
      `${DomainErrorCode.PurchaseOutsideOfflineWindow}:occurredAt`,
    );
    expect(codeOf(() => timing(new Date(recordedAt.getTime() - 7 * DAY_MS)))).toBeNull();
  });

  it('counts the return window from recording and expiry from the sale', () => {
    const occurredAt = new Date(recordedAt.getTime() - 5 * DAY_MS);
    expect(timing(occurredAt)).toEqual({
      availableFrom: new Date(recordedAt.getTime() + 14 * DAY_MS),
      expiresAt: expiryOf(RULES.expiry, occurredAt, 'Europe/Amsterdam'),
      expiredOnArrival: false,
    });
  });

  it('property: the return window never ends before recording, expiry keeps the sale’s rule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5 * 60_000, max: 3_650 * DAY_MS }),
        fc.integer({ min: 0, max: 3_650 }),
        (ageMs, windowDays) => {
          const occurredAt = new Date(recordedAt.getTime() - ageMs);
          const outside = ageMs > windowDays * DAY_MS;
          const refused = codeOf(() => timing(occurredAt, windowDays));
          if (outside) {
            expect(refused).toBe(`${DomainErrorCode.PurchaseOutsideOfflineWindow}:occurredAt`);
            return;
          }
          const result = timing(occurredAt, windowDays);
          expect(result.availableFrom.getTime()).toBeGreaterThanOrEqual(
            recordedAt.getTime() + RULES.pendingDays * DAY_MS,
          );
          expect(result.expiresAt).toEqual(expiryOf(RULES.expiry, occurredAt, 'Europe/Amsterdam'));
          expect(result.expiredOnArrival).toBe(result.expiresAt!.getTime() <= recordedAt.getTime());
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('meaningfulReason', () => {
  it.each([
    ['   ', false],
    ['ok', false],
    ['  too short ', false],
    ['goodwill after a complaint', true],
  ])('%j is %s', (reason, accepted) => {
    expect(codeOf(() => meaningfulReason(reason)) === null).toBe(accepted);
  });

  it('trims what it keeps', () => {
    expect(meaningfulReason('  goodwill after a complaint ')).toBe('goodwill after a complaint');
  });
});

describe('transfers', () => {
  it.each([
    [StaffRole.Clerk, 'store-a', 100, `${DomainErrorCode.PermissionDenied}:`],
    [StaffRole.Marketing, null, 100, `${DomainErrorCode.PermissionDenied}:`],
    [StaffRole.Manager, 'store-b', 100, `${DomainErrorCode.StoreOutOfScope}:fromMemberId`],
    [StaffRole.Manager, 'store-a', 10_001, `${DomainErrorCode.TransferLimitExceeded}:points`],
    [StaffRole.Manager, 'store-a', 10_000, null],
    [StaffRole.Admin, null, 10_000, null],
  ])('a %s of %s moving %d: %s', (role, storeId, points, expected) => {
    expect(
      codeOf(() =>
        checkStaffTransfer(staff(role, storeId), memberOf('store-a'), points, DEFAULT_POINT_LIMITS),
      ),
    ).toBe(expected);
  });

  it('keeps a member within their allowance over 24 hours', () => {
    expect(codeOf(() => checkMemberTransfer(1_000, 4_000, DEFAULT_POINT_LIMITS))).toBeNull();
    expect(codeOf(() => checkMemberTransfer(1_001, 4_000, DEFAULT_POINT_LIMITS))).toBe(
      `${DomainErrorCode.TransferLimitExceeded}:points`,
    );
  });
});

describe('adjustments', () => {
  it.each([
    [StaffRole.Clerk, 'store-a', 10, 0, `${DomainErrorCode.PermissionDenied}:`],
    [StaffRole.Manager, 'store-b', 10, 0, `${DomainErrorCode.StoreOutOfScope}:memberId`],
    [StaffRole.Manager, 'store-a', 5_000, 0, 'apply'],
    [StaffRole.Manager, 'store-a', -2_000, 3_001, 'needs_approval'],
    [StaffRole.Manager, 'store-a', 1_000_000_000, 0, 'needs_approval'],
    [StaffRole.Admin, null, 50_000, 0, 'apply'],
    [StaffRole.Admin, null, 1, 50_000, 'needs_approval'],
  ])('a %s of %s adjusting %d after %d today: %s', (role, storeId, points, today, expected) => {
    let decision: string | null = null;
    const refused = codeOf(() => {
      decision = decideAdjustment(
        staff(role, storeId),
        memberOf('store-a'),
        points,
        today,
        DEFAULT_POINT_LIMITS,
      );
    });
    expect(refused ?? decision).toBe(expected);
  });

  const request = (requestedRole: StaffRole) => ({ requestedBy: 'asker', requestedRole });
  it.each([
    ['the requester', StaffRole.Admin, staff(StaffRole.Admin, null, 'asker'), 'higher_role', false],
    ['an admin', StaffRole.Manager, staff(StaffRole.Admin, null), 'higher_role', true],
    ['another manager', StaffRole.Manager, staff(StaffRole.Manager), 'higher_role', false],
    ['another manager', StaffRole.Manager, staff(StaffRole.Manager), 'another_manager', true],
    [
      'a manager of another store',
      StaffRole.Manager,
      staff(StaffRole.Manager, 'store-b'),
      'another_manager',
      false,
    ],
    [
      'a manager, for an admin',
      StaffRole.Admin,
      staff(StaffRole.Manager),
      'another_manager',
      false,
    ],
    ['another admin', StaffRole.Admin, staff(StaffRole.Admin, null), 'higher_role', true],
  ] as const)('%s deciding a %s’s request (%s): %s', (_, role, approver, mode, allowed) => {
    const refused = codeOf(() =>
      checkAdjustmentApprover(request(role), approver, memberOf('store-a'), {
        adjustmentApprover: mode,
      }),
    );
    expect(refused === null).toBe(allowed);
    if (!allowed) expect(refused).toMatch(DomainErrorCode.ApprovalNotAllowed);
  });
});

describe('reversals', () => {
  const side = (pointsCredited: number, movedByHandInLastDay = 0, enrolledStoreId = 'store-a') => ({
    enrolledStoreId,
    pointsCredited,
    movedByHandInLastDay,
  });
  it.each([
    ['a clerk', staff(StaffRole.Clerk), [side(10)], `${DomainErrorCode.PermissionDenied}:`],
    [
      'a manager of another store',
      staff(StaffRole.Manager, 'store-b'),
      [side(-10)],
      `${DomainErrorCode.StoreOutOfScope}:transactionId`,
    ],
    ['a manager taking points back', staff(StaffRole.Manager), [side(-1_000_000)], null],
    ['a manager within the cap', staff(StaffRole.Manager), [side(3_000, 2_000)], null],
    [
      'a manager past the cap',
      staff(StaffRole.Manager),
      [side(3_000, 2_001)],
      `${DomainErrorCode.ApprovalNotAllowed}:transactionId`,
    ],
    ['an admin', staff(StaffRole.Admin, null), [side(1_000_000, 0, 'store-b')], null],
  ] as const)('%s: %s', (_, who, members, expected) => {
    expect(codeOf(() => checkReversal(who, members, DEFAULT_POINT_LIMITS))).toBe(expected);
  });
});
