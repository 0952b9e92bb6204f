import {
  type BalanceAfter,
  decideAdjustment,
  JournalTransactionKind,
  type JournalPlan,
  type LedgerActor,
  type MemberPoints,
  type PlanContext,
  type ProgramPointLimits,
  type StaffPrincipal,
} from '@loyalty/domain';
import { dueExpiries, openBook } from '../common/points-posting';

export interface AdjustmentToRecord {
  readonly memberId: string;
  /** Positive adds points, negative removes them. */
  readonly points: number;
  readonly reason: string;
}

/** An adjustment that took effect: its journal transaction and the member's balance after it. */
export interface AppliedAdjustment {
  readonly status: 'applied';
  readonly transactionId: string;
  readonly memberId: string;
  readonly points: number;
  readonly balance: BalanceAfter;
}

/** An adjustment above the caller's cap: nothing moved until a second person approves it. */
export interface PendingAdjustment {
  readonly status: 'pending_approval';
  readonly adjustmentRequestId: string;
  readonly memberId: string;
  readonly points: number;
}

export type RecordedAdjustment = AppliedAdjustment | PendingAdjustment;

/** Who made an adjustment take effect, and on whose request (both staff ids are kept). */
export interface AdjustmentAuthorisation {
  readonly requestedBy: string;
  readonly approvedBy: string | null;
  readonly adjustmentRequestId: string | null;
}

/** An adjustment to post, with the expiry its added points get. */
export interface AdjustmentToPost extends AdjustmentToRecord {
  readonly programId: string;
  readonly actor: LedgerActor;
  /** Added points expire by the expiry policy in force at the write. */
  readonly expiresAt: Date | null;
  readonly authorisation: AdjustmentAuthorisation;
  /** The member's balance and every open lot, under their lock. */
  readonly account: MemberPoints;
}

/**
 * Posts an adjustment: added points are spendable at once and expire by the program's current
 * policy; removed points come out of what the member holds (never into debt), after any lots
 * already past their expiry are expired.
 */
export function planAdjustment(
  adjustment: AdjustmentToPost,
  context: PlanContext,
): JournalPlan<AppliedAdjustment> {
  const { account, programId, memberId } = adjustment;
  const { book, dueExpiry } = openBook(account, programId, context);
  if (adjustment.points > 0) {
    book.credit({
      id: context.newId(),
      amount: adjustment.points,
      availableFrom: context.now,
      expiresAt: adjustment.expiresAt,
    });
  } else {
    book.remove(-adjustment.points);
  }
  const transactionId = context.newId();
  const expiry = dueExpiries(dueExpiry);
  return {
    journals: [
      ...expiry.journals,
      {
        id: transactionId,
        programId,
        kind: JournalTransactionKind.Adjustment,
        memberId,
        actor: adjustment.actor,
        reason: adjustment.reason,
        details: { ...adjustment.authorisation },
        entries: [
          { accountId: account.accountId, points: adjustment.points },
          { accountId: context.programAccounts.adjustments, points: -adjustment.points },
        ],
        ...book.takePosting(account.accountId),
      },
    ],
    events: [
      ...expiry.events,
      {
        programId,
        memberId,
        type: 'points.adjusted',
        payload: {
          transactionId,
          memberId,
          points: adjustment.points,
          staffId: adjustment.actor.id,
          ...adjustment.authorisation,
        },
      },
    ],
    balancesOf: [account.accountId],
    answer: (balanceAfter) => ({
      status: 'applied',
      transactionId,
      memberId,
      points: adjustment.points,
      balance: balanceAfter(account.accountId),
    }),
  };
}

/** A staff member's adjustment, with what its cap is counted against. */
export interface StaffAdjustmentToPlan extends Omit<AdjustmentToPost, 'authorisation'> {
  readonly staff: StaffPrincipal;
  readonly member: { readonly enrolledStoreId: string };
  readonly limits: ProgramPointLimits;
  /** Points this member's balance was moved by hand in the cap's window, read under the lock. */
  readonly movedByHandInLastDay: number;
}

/**
 * Within the caller's role cap per member and 24 hours an adjustment takes effect at once; above
 * it, it waits for a second person (decision 0009) and nothing moves.
 */
export function planStaffAdjustment(
  adjustment: StaffAdjustmentToPlan,
  context: PlanContext,
): JournalPlan<RecordedAdjustment> {
  const { staff, memberId, programId } = adjustment;
  const decision = decideAdjustment(
    staff,
    adjustment.member,
    adjustment.points,
    adjustment.movedByHandInLastDay,
    adjustment.limits,
  );
  if (decision !== 'needs_approval') {
    return planAdjustment(
      {
        ...adjustment,
        authorisation: { requestedBy: staff.staffId, approvedBy: null, adjustmentRequestId: null },
      },
      context,
    );
  }
  const adjustmentRequestId = context.newId();
  return {
    journals: [],
    events: [
      {
        programId,
        memberId,
        type: 'adjustment.requested',
        payload: {
          adjustmentRequestId,
          memberId,
          points: adjustment.points,
          requestedBy: staff.staffId,
        },
      },
    ],
    records: {
      adjustmentRequests: [
        {
          id: adjustmentRequestId,
          programId,
          memberId,
          points: adjustment.points,
          reason: adjustment.reason,
          requestedBy: staff.staffId,
          requestedRole: staff.role,
        },
      ],
    },
    answer: () => ({
      status: 'pending_approval',
      adjustmentRequestId,
      memberId,
      points: adjustment.points,
    }),
  };
}

export interface DecidedAdjustment {
  readonly adjustmentRequestId: string;
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly memberId: string;
  readonly points: number;
  readonly requestedBy: string;
  readonly decidedBy: string;
  readonly transactionId: string | null;
  readonly balance: BalanceAfter | null;
}

/** A waiting adjustment's decision, checked and locked, with the member's points if approved. */
export interface AdjustmentDecisionToPlan {
  readonly programId: string;
  readonly actor: LedgerActor;
  readonly decidedBy: string;
  readonly approve: boolean;
  readonly note: string | null;
  readonly request: AdjustmentToRecord & { readonly id: string; readonly requestedBy: string };
  readonly expiresAt: Date | null;
  /** The member's balance and every open lot, loaded when the decision approves. */
  readonly account: MemberPoints | null;
}

/** Approving posts the adjustment with both staff ids in the journal; rejecting moves nothing. */
export function planAdjustmentDecision(
  decision: AdjustmentDecisionToPlan,
  context: PlanContext,
): JournalPlan<DecidedAdjustment> {
  const { request } = decision;
  const posted =
    decision.approve && decision.account
      ? planAdjustment(
          {
            ...request,
            programId: decision.programId,
            actor: decision.actor,
            expiresAt: decision.expiresAt,
            account: decision.account,
            authorisation: {
              requestedBy: request.requestedBy,
              approvedBy: decision.decidedBy,
              adjustmentRequestId: request.id,
            },
          },
          context,
        )
      : null;
  const status = decision.approve ? 'approved' : 'rejected';
  return {
    journals: posted?.journals ?? [],
    events: posted?.events ?? [],
    records: {
      adjustmentDecisions: [
        {
          id: request.id,
          status,
          decidedBy: decision.decidedBy,
          note: decision.note,
          transactionId: posted ? posted.journals.at(-1)!.id : null,
        },
      ],
    },
    balancesOf: posted?.balancesOf ?? [],
    answer: (balanceAfter) => {
      const applied = posted?.answer(balanceAfter) ?? null;
      return {
        adjustmentRequestId: request.id,
        status,
        memberId: request.memberId,
        points: request.points,
        requestedBy: request.requestedBy,
        decidedBy: decision.decidedBy,
        transactionId: applied?.transactionId ?? null,
        balance: applied?.balance ?? null,
      };
    },
  };
}
