import { expiryOf, JournalTransactionKind, PointsBook } from '@loyalty/domain';
import {
  EarningRulesRepository,
  type IdempotentOutcome,
  LedgerReadsRepository,
  LedgerRepository,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type BalanceAfter, balanceAfter, type LedgerCommand } from '../common/ledger-command';
import { accountOf, postingOf } from '../common/member-posting';
import { MemberResolver } from '../common/member-resolver';

export interface AdjustmentToRecord {
  readonly memberId: string;
  /** Positive adds points, negative removes them. */
  readonly points: number;
  readonly reason: string;
}

export interface RecordedAdjustment {
  readonly transactionId: string;
  readonly memberId: string;
  readonly points: number;
  readonly balance: BalanceAfter;
}

/**
 * A manager corrects a balance by hand, with a reason; the staff member is in the audit trail.
 * Added points are spendable at once and expire by the program's current policy; removed points
 * come out of what the member holds and never push them into debt.
 */
@Injectable()
export class AdjustPointsUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly reads: LedgerReadsRepository,
    private readonly rules: EarningRulesRepository,
    private readonly memberResolver: MemberResolver,
  ) {}

  async execute(
    command: LedgerCommand,
    adjustment: AdjustmentToRecord,
  ): Promise<IdempotentOutcome<RecordedAdjustment>> {
    if (command.actor.kind !== 'staff') throw new Error('adjustments are made by staff');
    await this.memberResolver.member(command.programId, adjustment.memberId);
    const program = await this.memberResolver.program(command.programId);
    const accounts = await this.ledger.programAccountIds(command.programId, adjustment.memberId);
    const now = new Date();
    const ruleSet = await this.rules.inForceAt(command.programId, now);
    const expiresAt = ruleSet ? expiryOf(ruleSet.rules.expiry, now, program.timezone) : null;

    return this.ledger.runIdempotent(command.idempotency, async (unit) => {
      const account = accountOf(
        await unit.lockMemberAccounts(command.programId, [adjustment.memberId]),
        adjustment.memberId,
      );
      const book = new PointsBook(account.balance, await unit.loadLots(account.accountId), now);
      if (adjustment.points > 0) {
        book.credit({ id: randomUUID(), amount: adjustment.points, availableFrom: now, expiresAt });
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
          },
        },
      ]);
      const balance = await this.reads.balanceOf(adjustment.memberId, now, unit.manager);
      return {
        status: 201,
        body: {
          transactionId,
          memberId: adjustment.memberId,
          points: adjustment.points,
          balance: balanceAfter(balance),
        },
      };
    });
  }
}
