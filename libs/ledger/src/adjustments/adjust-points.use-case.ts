import {
  capWindowStart,
  checkAdjustmentApprover,
  decideAdjustment,
  DomainError,
  DomainErrorCode,
  expiryOf,
  JournalTransactionKind,
  meaningfulReason,
  type StaffPrincipal,
  type StaffRole,
} from '@loyalty/domain';
import {
  type IdempotentOutcome,
  LedgerReadsRepository,
  LedgerRepository,
  type LedgerUnitOfWork,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type BalanceAfter, balanceAfter, type LedgerCommand } from '../common/ledger-command';
import { accountOf, postingOf } from '../common/member-posting';
import { liveMemberOf } from '../common/member-resolver';
import { ProgramSettings } from '../common/program-settings';
import { openMemberBook } from '../expiry/due-expiry';

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

/** What counts against a staff member's daily cap on a member: adjustments and reversals. */
export const POINTS_MOVED_BY_HAND: readonly JournalTransactionKind[] = [
  JournalTransactionKind.Adjustment,
  JournalTransactionKind.Reversal,
];

/** Who made an adjustment take effect, and on whose request (both staff ids are kept). */
export interface AdjustmentAuthorisation {
  readonly requestedBy: string;
  readonly approvedBy: string | null;
  readonly adjustmentRequestId: string | null;
}

/**
 * Posts an adjustment under the member's lock: added points are spendable at once and expire by
 * the program's current policy; removed points come out of what the member holds (never into
 * debt), after any lots already past their expiry are expired.
 */
export async function postAdjustment(
  unit: LedgerUnitOfWork,
  ledger: LedgerRepository,
  reads: LedgerReadsRepository,
  command: LedgerCommand,
  adjustment: AdjustmentToRecord & { readonly expiresAt: Date | null },
  authorisation: AdjustmentAuthorisation,
): Promise<AppliedAdjustment> {
  const accounts = await ledger.programAccountIds(command.programId, adjustment.memberId);
  const account = accountOf(
    await unit.lockMemberAccounts(command.programId, [adjustment.memberId]),
    adjustment.memberId,
  );
  const now = new Date();
  const book = await openMemberBook(unit, command.programId, account, accounts.points_expired, now);
  if (adjustment.points > 0) {
    book.credit({
      id: randomUUID(),
      amount: adjustment.points,
      availableFrom: now,
      expiresAt: adjustment.expiresAt,
    });
  } else {
    book.remove(-adjustment.points);
  }
  const transactionId = randomUUID();
  await unit.post({
    id: transactionId,
    programId: command.programId,
    kind: JournalTransactionKind.Adjustment,
    memberId: adjustment.memberId,
    actor: command.actor,
    reason: adjustment.reason,
    details: { ...authorisation },
    entries: [
      { accountId: account.accountId, points: adjustment.points },
      { accountId: accounts.adjustments, points: -adjustment.points },
    ],
    ...postingOf(account, book),
  });
  await unit.writeOutbox([
    {
      programId: command.programId,
      memberId: adjustment.memberId,
      type: 'points.adjusted',
      payload: {
        transactionId,
        memberId: adjustment.memberId,
        points: adjustment.points,
        staffId: command.actor.id,
        ...authorisation,
      },
    },
  ]);
  const balance = await reads.balanceOf(adjustment.memberId, now, unit.manager);
  return {
    status: 'applied',
    transactionId,
    memberId: adjustment.memberId,
    points: adjustment.points,
    balance: balanceAfter(balance),
  };
}

/**
 * A manager (members of their store) or an admin (any member) corrects a balance by hand, with a
 * reason of at least ten characters. Within the caller's role cap per member and 24 hours it
 * takes effect at once (201); above it, it waits for a second person (202, decision 0009).
 */
@Injectable()
export class AdjustPointsUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly reads: LedgerReadsRepository,
    private readonly settings: ProgramSettings,
  ) {}

  async execute(
    command: LedgerCommand,
    staff: StaffPrincipal,
    adjustment: AdjustmentToRecord,
  ): Promise<IdempotentOutcome<RecordedAdjustment>> {
    const reason = meaningfulReason(adjustment.reason);
    const program = await this.settings.program(command.programId);
    const expiresAt = await this.expiryOfAddedPoints(command.programId, program.timezone);
    // Loaded once per process; loaded here, the write never asks the pool for a second connection.
    await this.ledger.programAccountIds(command.programId, null);

    // The member, the caller's scope and the caps are checked after the key is claimed: a retry
    // of an adjustment made before is answered as it was.
    return this.ledger.runIdempotent<RecordedAdjustment>(command.idempotency, async (unit) => {
      const member = liveMemberOf(
        await unit.memberFacts(command.programId, [adjustment.memberId]),
        adjustment.memberId,
        'memberId',
      );
      // Refused before the account is locked: an out-of-scope caller holds no member's lock.
      decideAdjustment(staff, member, adjustment.points, 0, program.pointLimits);
      const account = accountOf(
        await unit.lockMemberAccounts(command.programId, [adjustment.memberId]),
        adjustment.memberId,
      );
      const adjustedInLastDay = await unit.pointsMovedSince(
        account.accountId,
        adjustment.memberId,
        POINTS_MOVED_BY_HAND,
        capWindowStart(),
        { direction: 'both' },
      );
      const decision = decideAdjustment(
        staff,
        member,
        adjustment.points,
        adjustedInLastDay,
        program.pointLimits,
      );
      if (decision === 'needs_approval') {
        const request = await unit.adjustmentRequests.record({
          id: randomUUID(),
          programId: command.programId,
          memberId: adjustment.memberId,
          points: adjustment.points,
          reason,
          requestedBy: staff.staffId,
          requestedRole: staff.role,
        });
        await unit.writeOutbox([
          {
            programId: command.programId,
            memberId: adjustment.memberId,
            type: 'adjustment.requested',
            payload: {
              adjustmentRequestId: request.id,
              memberId: adjustment.memberId,
              points: adjustment.points,
              requestedBy: staff.staffId,
            },
          },
        ]);
        return {
          status: 202,
          body: {
            status: 'pending_approval',
            adjustmentRequestId: request.id,
            memberId: adjustment.memberId,
            points: adjustment.points,
          },
        };
      }
      const applied = await postAdjustment(
        unit,
        this.ledger,
        this.reads,
        command,
        { ...adjustment, reason, expiresAt },
        { requestedBy: staff.staffId, approvedBy: null, adjustmentRequestId: null },
      );
      return { status: 201, body: applied };
    });
  }

  /** Added points expire by the expiry policy in force now, counted from now. */
  async expiryOfAddedPoints(programId: string, timezone: string): Promise<Date | null> {
    const now = new Date();
    const ruleSet = await this.settings.earningRulesAt(programId, now);
    return ruleSet ? expiryOf(ruleSet.rules.expiry, now, timezone) : null;
  }
}

/**
 * Approves or rejects an adjustment waiting for a second person: an admin, or another manager of
 * the member's store where the program allows it — never the one who asked (the database refuses
 * that too). Approving posts it, exactly once, with both staff ids in the journal.
 */
@Injectable()
export class DecideAdjustmentUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly reads: LedgerReadsRepository,
    private readonly settings: ProgramSettings,
    private readonly adjustPoints: AdjustPointsUseCase,
  ) {}

  async execute(
    command: LedgerCommand,
    staff: StaffPrincipal,
    decision: {
      readonly requestId: string;
      readonly approve: boolean;
      readonly note: string | null;
    },
  ): Promise<IdempotentOutcome<DecidedAdjustment>> {
    const program = await this.settings.program(command.programId);
    // Read before the transaction, which then needs no second pool connection while it holds locks.
    const expiresAt = await this.adjustPoints.expiryOfAddedPoints(
      command.programId,
      program.timezone,
    );
    await this.ledger.programAccountIds(command.programId, null);
    return this.ledger.runIdempotent(command.idempotency, async (unit) => {
      const request = await unit.adjustmentRequests.lock(command.programId, decision.requestId);
      if (!request) {
        throw new DomainError(
          DomainErrorCode.AdjustmentRequestNotFound,
          'no adjustment request of the program has this id',
          'adjustmentRequestId',
        );
      }
      if (request.status !== 'pending') {
        throw new DomainError(
          DomainErrorCode.AdjustmentAlreadyDecided,
          `this adjustment request was already ${request.status}`,
          'adjustmentRequestId',
        );
      }
      const member = liveMemberOf(
        await unit.memberFacts(command.programId, [request.memberId]),
        request.memberId,
        'adjustmentRequestId',
      );
      checkAdjustmentApprover(
        { requestedBy: request.requestedBy, requestedRole: request.requestedRole as StaffRole },
        staff,
        member,
        program.pointLimits,
      );
      let transactionId: string | null = null;
      let balance: BalanceAfter | null = null;
      if (decision.approve) {
        const applied = await postAdjustment(
          unit,
          this.ledger,
          this.reads,
          command,
          { memberId: request.memberId, points: request.points, reason: request.reason, expiresAt },
          {
            requestedBy: request.requestedBy,
            approvedBy: staff.staffId,
            adjustmentRequestId: request.id,
          },
        );
        transactionId = applied.transactionId;
        balance = applied.balance;
      }
      const decided = await unit.adjustmentRequests.decide({
        id: request.id,
        status: decision.approve ? 'approved' : 'rejected',
        decidedBy: staff.staffId,
        note: decision.note,
        transactionId,
      });
      return {
        status: 200,
        body: {
          adjustmentRequestId: decided.id,
          status: decided.status,
          memberId: decided.memberId,
          points: decided.points,
          requestedBy: decided.requestedBy,
          decidedBy: staff.staffId,
          transactionId,
          balance,
        },
      };
    });
  }
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
