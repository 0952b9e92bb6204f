import {
  capWindowStart,
  decideAdjustment,
  expiryOf,
  JournalTransactionKind,
  meaningfulReason,
  type Program,
  type StaffPrincipal,
} from '@loyalty/domain';
import type {
  IdempotentAnswer,
  LedgerTransaction,
  LockedMemberAccount,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import type { LedgerCommand } from '../common/ledger-command';
import { memberPointsOf } from '../common/member-points-operation';
import { liveMemberOf } from '../common/member-resolver';
import { ProgramSettings } from '../common/program-settings';
import type { Settled } from '../writer/group-commit';
import { type LedgerOperation, settleEach } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import {
  type AdjustmentToRecord,
  planStaffAdjustment,
  type RecordedAdjustment,
  type StaffAdjustmentToPlan,
} from './adjustment.plan';

export type {
  AdjustmentAuthorisation,
  AdjustmentToRecord,
  AppliedAdjustment,
  PendingAdjustment,
  RecordedAdjustment,
} from './adjustment.plan';

/** What counts against a staff member's daily cap on a member: adjustments and reversals. */
export const POINTS_MOVED_BY_HAND: readonly JournalTransactionKind[] = [
  JournalTransactionKind.Adjustment,
  JournalTransactionKind.Reversal,
];

/** The most adjustments (or decisions) one transaction takes: they come from desks, not tills. */
export const ADJUSTMENT_BATCH_LIMIT = 32;

/** Points an account was moved by hand within the cap's window, read under the member's lock. */
export const movedByHandInLastDay = (
  transaction: LedgerTransaction,
  account: LockedMemberAccount,
): Promise<number> =>
  transaction.reads.pointsMovedSince(
    account.accountId,
    account.memberId,
    POINTS_MOVED_BY_HAND,
    capWindowStart(),
    { direction: 'both' },
  );

interface StaffAdjustment {
  readonly command: LedgerCommand;
  readonly staff: StaffPrincipal;
  readonly adjustment: AdjustmentToRecord;
  readonly program: Program;
  readonly expiresAt: Date | null;
}

/**
 * A manager (members of their store) or an admin (any member) corrects a balance by hand, with a
 * reason of at least ten characters. Within the caller's role cap per member and 24 hours it
 * takes effect at once; above it, it waits for a second person (decision 0009).
 */
@Injectable()
export class AdjustPointsUseCase {
  private readonly operation: LedgerOperation<
    StaffAdjustment,
    { enrolledStoreId: string },
    Pick<StaffAdjustmentToPlan, 'member' | 'account' | 'movedByHandInLastDay'>,
    RecordedAdjustment
  > = {
    name: 'adjustment',
    maxBatch: ADJUSTMENT_BATCH_LIMIT,
    maxInFlight: 2,
    claimOf: (item) => item.command.idempotency,
    conflictKeysOf: ({ command }) => [
      `key\n${command.idempotency.caller}\n${command.idempotency.key}`,
    ],
    // The member, the caller's scope and the caps are checked after the key is claimed: a retry
    // of an adjustment made before is answered as it was. An out-of-scope caller is refused
    // before any lock, so it holds no member's lock.
    identify: async (transaction, programId, items) => {
      const facts = await transaction.reads.memberFacts(
        programId,
        items.map((item) => item.adjustment.memberId),
      );
      return items.map(
        ({
          staff,
          adjustment,
          program,
        }): Settled<{
          memberIds: string[];
          found: { enrolledStoreId: string };
        }> => {
          try {
            const member = liveMemberOf(facts, adjustment.memberId, 'memberId');
            decideAdjustment(staff, member, adjustment.points, 0, program.pointLimits);
            return { ok: true, value: { memberIds: [adjustment.memberId], found: member } };
          } catch (error) {
            return { ok: false, error };
          }
        },
      );
    },
    load: (transaction, _, items) =>
      settleEach(items, async ({ item, found, accounts }) => {
        const account = accounts.get(item.adjustment.memberId)!;
        return {
          member: found,
          movedByHandInLastDay: await movedByHandInLastDay(transaction, account),
          account: await memberPointsOf(transaction, account),
        };
      }),
    plan: (item, loaded, context) =>
      planStaffAdjustment(
        {
          ...item.adjustment,
          ...loaded,
          programId: item.command.programId,
          actor: item.command.actor,
          staff: item.staff,
          limits: item.program.pointLimits,
          expiresAt: item.expiresAt,
        },
        context,
      ),
  };

  constructor(
    private readonly settings: ProgramSettings,
    private readonly writer: LedgerWriter,
  ) {}

  async execute(
    command: LedgerCommand,
    staff: StaffPrincipal,
    adjustment: AdjustmentToRecord,
  ): Promise<IdempotentAnswer<RecordedAdjustment>> {
    const reason = meaningfulReason(adjustment.reason);
    const program = await this.settings.program(command.programId);
    const expiresAt = await this.expiryOfAddedPoints(command.programId, program.timezone);
    return this.writer.submit(this.operation, command.programId, {
      command,
      staff,
      adjustment: { ...adjustment, reason },
      program,
      expiresAt,
    });
  }

  /** Added points expire by the expiry policy in force now, counted from now. */
  async expiryOfAddedPoints(programId: string, timezone: string): Promise<Date | null> {
    const now = new Date();
    const ruleSet = await this.settings.earningRulesAt(programId, now);
    return ruleSet ? expiryOf(ruleSet.rules.expiry, now, timezone) : null;
  }
}
