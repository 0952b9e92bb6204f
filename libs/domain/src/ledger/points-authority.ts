import { DomainError, DomainErrorCode } from '../errors/domain-error';
import type { StaffPrincipal } from '../auth/principal';
import { StaffRole } from '../staff/staff';
import { type EarningRules, expiryOf, pendingUntil } from './earning-rules';

/**
 * Who may create, move or spend points, and within which bounds: the program's limits on its
 * tills, members and staff (docs/ledger.md, "Authority over points"; decision 0009). Every path
 * that creates or moves points checks its rule here, so the rules have one home and their own
 * tests, whatever route or job reaches them.
 */
export interface ProgramPointLimits {
  /** How old a till's purchase may be when it reaches the ledger (an offline till's backlog). */
  readonly offlineWindowDays: number;
  /** The largest purchase a till may report, in minor units; a typo above it is refused. */
  readonly maxPurchaseMinor: number;
  /** Points one member may send to others from the app in any 24 hours. */
  readonly memberTransferDailyPoints: number;
  /** The most points one staff transfer may move. */
  readonly staffTransferMaxPoints: number;
  /** Points a manager may adjust one member by (added or removed) in any 24 hours. */
  readonly managerAdjustmentDailyPoints: number;
  /** The same for an admin; above it another admin approves. */
  readonly adminAdjustmentDailyPoints: number;
  /**
   * Who approves a manager's adjustment above the cap: an admin (`higher_role`), or also another
   * manager of the member's store (`another_manager`). Never the one who asked.
   */
  readonly adjustmentApprover: AdjustmentApprover;
}

export type AdjustmentApprover = 'higher_role' | 'another_manager';

export const DEFAULT_POINT_LIMITS: ProgramPointLimits = {
  offlineWindowDays: 7,
  maxPurchaseMinor: 5_000_000,
  memberTransferDailyPoints: 5_000,
  staffTransferMaxPoints: 10_000,
  managerAdjustmentDailyPoints: 5_000,
  adminAdjustmentDailyPoints: 50_000,
  adjustmentApprover: 'higher_role',
};

/** The bounds a program's limits are set within (the database checks the same). */
export const POINT_LIMIT_BOUNDS = {
  offlineWindowDays: { min: 0, max: 3_650 },
  maxPurchaseMinor: { min: 1, max: 100_000_000_000 },
  points: { min: 0, max: 1_000_000_000 },
} as const;

const DAY_MS = 86_400_000;

/** The start of the rolling 24 hours that daily caps and allowances count over. */
export const capWindowStart = (now: Date = new Date()): Date => new Date(now.getTime() - DAY_MS);

/** A reason staff must give: trimmed, at least this long, so "   " or "ok" never passes. */
export const MIN_REASON_LENGTH = 10;

/** The reason trimmed, or a refusal naming the field when it says too little. */
export function meaningfulReason(reason: string | null | undefined, field = 'reason'): string {
  const trimmed = (reason ?? '').trim();
  if (trimmed.length < MIN_REASON_LENGTH) {
    throw new DomainError(
      DomainErrorCode.ValidationFailed,
      `${field} must say why in at least ${MIN_REASON_LENGTH} characters (blanks do not count)`,
      field,
    );
  }
  return trimmed;
}

/** When a purchase's points become spendable and expire, as the ledger books them. */
export interface PurchaseTiming {
  /** The end of the return window, counted from when the points are recorded. */
  readonly availableFrom: Date;
  /** By the earning rules' expiry, counted from when the sale happened. */
  readonly expiresAt: Date | null;
  /** Already past its expiry when recorded: the points go straight to the expired account. */
  readonly expiredOnArrival: boolean;
}

/**
 * Time bounds on a till's purchase: older than the offline window it is refused; the return
 * window runs from `recordedAt`, so an old sale never skips it; expiry keeps its rule from the
 * sale, and a lot already expired is never made spendable.
 */
export function purchaseTiming(input: {
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly rules: EarningRules;
  readonly timeZone: string;
  readonly limits: Pick<ProgramPointLimits, 'offlineWindowDays'>;
}): PurchaseTiming {
  const oldest = input.recordedAt.getTime() - input.limits.offlineWindowDays * DAY_MS;
  if (input.occurredAt.getTime() < oldest) {
    throw new DomainError(
      DomainErrorCode.PurchaseOutsideOfflineWindow,
      `the program takes purchases up to ${input.limits.offlineWindowDays} days old; ` +
        `this one happened before ${new Date(oldest).toISOString()}`,
      'occurredAt',
    );
  }
  const recordedOrLater = new Date(
    Math.max(input.recordedAt.getTime(), input.occurredAt.getTime()),
  );
  const availableFrom = pendingUntil(recordedOrLater, input.rules);
  const expiresAt = expiryOf(input.rules.expiry, input.occurredAt, input.timeZone);
  return {
    availableFrom,
    expiresAt,
    expiredOnArrival: expiresAt !== null && expiresAt.getTime() <= input.recordedAt.getTime(),
  };
}

export function checkPurchaseAmount(
  amountMinor: number,
  limits: Pick<ProgramPointLimits, 'maxPurchaseMinor'>,
  field = 'amountMinor',
): void {
  if (amountMinor > limits.maxPurchaseMinor) {
    throw new DomainError(
      DomainErrorCode.PurchaseAmountAboveLimit,
      `the program takes purchases up to ${limits.maxPurchaseMinor} minor units; ask an admin ` +
        'to raise maxPurchaseMinor if this sale is real',
      field,
    );
  }
}

/** Who a transfer was started by and on whose consent, as the journal records it. */
export interface TransferConsent {
  readonly initiatedBy: { readonly kind: 'member' | 'staff'; readonly id: string };
  /** `member_app`: the sender in their own session; `staff_attested`: a manager vouches. */
  readonly consent: 'member_app' | 'staff_attested';
}

export function refuseSelfTransfer(fromMemberId: string, toMemberId: string, field: string): void {
  if (fromMemberId === toMemberId) {
    throw new DomainError(
      DomainErrorCode.TransferToSelf,
      'points are transferred to another member, not to the sender',
      field,
    );
  }
}

/** A member's transfer from the app fits in what they may send in any 24 hours. */
export function checkMemberTransfer(
  points: number,
  sentInLastDay: number,
  limits: Pick<ProgramPointLimits, 'memberTransferDailyPoints'>,
): void {
  if (sentInLastDay + points > limits.memberTransferDailyPoints) {
    throw new DomainError(
      DomainErrorCode.TransferLimitExceeded,
      `a member sends at most ${limits.memberTransferDailyPoints} points in 24 hours; ` +
        `${Math.max(limits.memberTransferDailyPoints - sentInLastDay, 0)} are left`,
      'points',
    );
  }
}

const inStoreScope = (staff: StaffPrincipal, memberStoreId: string): boolean =>
  staff.role === StaffRole.Admin || staff.storeId === memberStoreId;

/** A staff transfer: a manager of the sender's store (or an admin), within the program's cap. */
export function checkStaffTransfer(
  staff: StaffPrincipal,
  sender: { readonly enrolledStoreId: string },
  points: number,
  limits: Pick<ProgramPointLimits, 'staffTransferMaxPoints'>,
): void {
  if (staff.role !== StaffRole.Manager && staff.role !== StaffRole.Admin) {
    throw new DomainError(
      DomainErrorCode.PermissionDenied,
      'only managers and admins transfer points between members',
    );
  }
  if (!inStoreScope(staff, sender.enrolledStoreId)) {
    throw new DomainError(
      DomainErrorCode.StoreOutOfScope,
      "a manager transfers points only from members of the manager's store",
      'fromMemberId',
    );
  }
  if (points > limits.staffTransferMaxPoints) {
    throw new DomainError(
      DomainErrorCode.TransferLimitExceeded,
      `a staff transfer moves at most ${limits.staffTransferMaxPoints} points`,
      'points',
    );
  }
}

/** Whether an adjustment takes effect now or waits for a second person's approval. */
export type AdjustmentDecision = 'apply' | 'needs_approval';

/**
 * A manager adjusts members of their store, an admin any member; an adjustment that takes the
 * member's adjusted points in 24 hours (added and removed alike) past the caller's role cap
 * waits for approval.
 */
export function decideAdjustment(
  staff: StaffPrincipal,
  member: { readonly enrolledStoreId: string },
  points: number,
  adjustedInLastDay: number,
  limits: ProgramPointLimits,
): AdjustmentDecision {
  const cap =
    staff.role === StaffRole.Manager
      ? limits.managerAdjustmentDailyPoints
      : staff.role === StaffRole.Admin
        ? limits.adminAdjustmentDailyPoints
        : null;
  if (cap === null) {
    throw new DomainError(
      DomainErrorCode.PermissionDenied,
      'only managers and admins adjust points',
    );
  }
  if (!inStoreScope(staff, member.enrolledStoreId)) {
    throw new DomainError(
      DomainErrorCode.StoreOutOfScope,
      "a manager adjusts only members of the manager's store",
      'memberId',
    );
  }
  return adjustedInLastDay + Math.abs(points) > cap ? 'needs_approval' : 'apply';
}

/**
 * A reversal by staff: a manager reverses only transactions of members of their store, and one
 * that gives a member points back (undoing a redemption, a removal, a transfer out) only within
 * what is left of the manager's daily cap on that member (adjustments and reversals count
 * together); above it an admin reverses. Admins reverse any transaction of the program.
 */
export function checkReversal(
  staff: StaffPrincipal,
  members: readonly {
    readonly enrolledStoreId: string;
    readonly pointsCredited: number;
    readonly movedByHandInLastDay: number;
  }[],
  limits: Pick<ProgramPointLimits, 'managerAdjustmentDailyPoints'>,
): void {
  if (staff.role === StaffRole.Admin) return;
  if (staff.role !== StaffRole.Manager) {
    throw new DomainError(DomainErrorCode.PermissionDenied, 'only managers and admins reverse');
  }
  for (const member of members) {
    if (!inStoreScope(staff, member.enrolledStoreId)) {
      throw new DomainError(
        DomainErrorCode.StoreOutOfScope,
        "a manager reverses only transactions of members of the manager's store",
        'transactionId',
      );
    }
    if (
      member.pointsCredited > 0 &&
      member.movedByHandInLastDay + member.pointsCredited > limits.managerAdjustmentDailyPoints
    ) {
      throw new DomainError(
        DomainErrorCode.ApprovalNotAllowed,
        `this reversal gives back ${member.pointsCredited} points, past the manager's daily cap ` +
          'on the member: an admin reverses it',
        'transactionId',
      );
    }
  }
}

/** A second person approves or rejects a pending adjustment: never the one who asked. */
export function checkAdjustmentApprover(
  request: {
    readonly requestedBy: string;
    readonly requestedRole: StaffRole;
  },
  approver: StaffPrincipal,
  member: { readonly enrolledStoreId: string },
  limits: Pick<ProgramPointLimits, 'adjustmentApprover'>,
): void {
  if (approver.staffId === request.requestedBy) {
    throw new DomainError(
      DomainErrorCode.ApprovalNotAllowed,
      'an adjustment is approved by someone other than the staff member who asked for it',
      'adjustmentRequestId',
    );
  }
  const allowed =
    approver.role === StaffRole.Admin ||
    (request.requestedRole === StaffRole.Manager &&
      limits.adjustmentApprover === 'another_manager' &&
      approver.role === StaffRole.Manager &&
      inStoreScope(approver, member.enrolledStoreId));
  if (!allowed) {
    throw new DomainError(
      DomainErrorCode.ApprovalNotAllowed,
      request.requestedRole === StaffRole.Admin
        ? "another admin approves an admin's adjustment"
        : limits.adjustmentApprover === 'another_manager'
          ? "an admin or another manager of the member's store approves this adjustment"
          : 'an admin approves this adjustment',
      'adjustmentRequestId',
    );
  }
}

/**
 * A merge of duplicates: a manager merges members of the manager's own store (both of them), an
 * admin any two of the program's; never a member into itself.
 */
export function checkMerge(
  staff: StaffPrincipal,
  duplicate: { readonly id: string; readonly enrolledStoreId: string },
  survivor: { readonly id: string; readonly enrolledStoreId: string },
): void {
  if (duplicate.id === survivor.id) {
    throw new DomainError(
      DomainErrorCode.ValidationFailed,
      'a member is merged into another member, not into itself',
      'intoMemberId',
    );
  }
  for (const [member, field] of [
    [duplicate, 'memberId'],
    [survivor, 'intoMemberId'],
  ] as const) {
    if (!inStoreScope(staff, member.enrolledStoreId)) {
      throw new DomainError(
        DomainErrorCode.StoreOutOfScope,
        "a manager merges only members of the manager's store",
        field,
      );
    }
  }
}
