import {
  type BalanceAfter,
  checkMemberTransfer,
  JournalTransactionKind,
  type JournalPlan,
  type LedgerActor,
  type MemberPoints,
  type PlanContext,
  type ProgramPointLimits,
  type TransferConsent,
} from '@loyalty/domain';
import { dueExpiries, openBook } from '../common/points-posting';

export interface TransferToRecord {
  readonly fromMemberId: string;
  readonly toMemberId: string;
  readonly points: number;
  readonly reason: string | null;
}

export interface RecordedTransfer {
  readonly transactionId: string;
  readonly points: number;
  readonly from: { readonly memberId: string; readonly balance: BalanceAfter };
  readonly to: { readonly memberId: string; readonly balance: BalanceAfter };
  /** What the sender may still send in the next 24 hours. */
  readonly dailyAllowanceLeft: number;
}

/** A transfer whose members and authority were checked, with both members' points locked. */
export interface TransferToPlan {
  readonly programId: string;
  readonly actor: LedgerActor;
  readonly transfer: TransferToRecord;
  readonly consent: TransferConsent;
  readonly limits: ProgramPointLimits;
  /** What the sender sent from their own app in the last 24 hours; null when staff send for them. */
  readonly sentByMemberInLastDay: number | null;
  readonly source: MemberPoints;
  readonly target: MemberPoints;
}

/**
 * Moves available points from one member to another. A member sending from the app stays within
 * the program's allowance per 24 hours. The receiver gets the points lot by lot with the same
 * expiry dates, so passing points back and forth never extends their life.
 */
export function planTransfer(
  input: TransferToPlan,
  context: PlanContext,
): JournalPlan<RecordedTransfer> {
  const { transfer, source, target, programId, consent } = input;
  let dailyAllowanceLeft = input.limits.memberTransferDailyPoints;
  if (input.sentByMemberInLastDay !== null) {
    checkMemberTransfer(transfer.points, input.sentByMemberInLastDay, input.limits);
    dailyAllowanceLeft -= input.sentByMemberInLastDay + transfer.points;
  }
  const sending = openBook(source, programId, context);
  const receiving = openBook(target, programId, context);
  for (const draw of sending.book.spend(transfer.points)) {
    receiving.book.credit({
      id: context.newId(),
      amount: draw.points,
      availableFrom: context.now,
      expiresAt: draw.lot.expiresAt,
    });
  }
  const sent = sending.book.takePosting(source.accountId);
  const received = receiving.book.takePosting(target.accountId);
  const transactionId = context.newId();
  const expiry = dueExpiries(sending.dueExpiry, receiving.dueExpiry);
  return {
    journals: [
      ...expiry.journals,
      {
        id: transactionId,
        programId,
        kind: JournalTransactionKind.Transfer,
        memberId: transfer.fromMemberId,
        actor: input.actor,
        reason: transfer.reason,
        details: { toMemberId: transfer.toMemberId, ...consent },
        entries: [
          { accountId: source.accountId, points: -transfer.points },
          { accountId: target.accountId, points: transfer.points },
        ],
        newLots: received.newLots,
        lotMovements: [...sent.lotMovements, ...received.lotMovements],
      },
    ],
    events: [
      ...expiry.events,
      ...[
        { memberId: transfer.fromMemberId, points: -transfer.points },
        { memberId: transfer.toMemberId, points: transfer.points },
      ].map((side) => ({
        programId,
        memberId: side.memberId,
        type: 'points.transferred' as const,
        payload: { transactionId, ...side, ...consent },
      })),
    ],
    balancesOf: [source.accountId, target.accountId],
    answer: (balanceAfter) => ({
      transactionId,
      points: transfer.points,
      from: { memberId: transfer.fromMemberId, balance: balanceAfter(source.accountId) },
      to: { memberId: transfer.toMemberId, balance: balanceAfter(target.accountId) },
      dailyAllowanceLeft,
    }),
  };
}
