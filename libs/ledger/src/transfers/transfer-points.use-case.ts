import { DomainError, DomainErrorCode, JournalTransactionKind, PointsBook } from '@loyalty/domain';
import {
  type IdempotentOutcome,
  LedgerReadsRepository,
  LedgerRepository,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type BalanceAfter, balanceAfter, type LedgerCommand } from '../common/ledger-command';
import { accountOf, postingOf } from '../common/member-posting';
import { MemberResolver } from '../common/member-resolver';

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
}

/**
 * Moves available points from one member to another. The receiver gets them lot by lot with the
 * same expiry dates, so passing points back and forth never extends their life.
 */
@Injectable()
export class TransferPointsUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly reads: LedgerReadsRepository,
    private readonly memberResolver: MemberResolver,
  ) {}

  async execute(
    command: LedgerCommand,
    transfer: TransferToRecord,
  ): Promise<IdempotentOutcome<RecordedTransfer>> {
    if (transfer.fromMemberId === transfer.toMemberId) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        'points are transferred to another member',
        'toMemberId',
      );
    }
    await this.memberResolver.member(command.programId, transfer.fromMemberId, 'fromMemberId');
    await this.memberResolver.member(command.programId, transfer.toMemberId, 'toMemberId');
    return this.ledger.runIdempotent(command.idempotency, async (unit) => {
      const locked = await unit.lockMemberAccounts(command.programId, [
        transfer.fromMemberId,
        transfer.toMemberId,
      ]);
      const source = accountOf(locked, transfer.fromMemberId);
      const target = accountOf(locked, transfer.toMemberId);
      const now = new Date();
      const sourceBook = new PointsBook(source.balance, await unit.loadLots(source.accountId), now);
      const targetBook = new PointsBook(target.balance, [], now);
      for (const draw of sourceBook.spend(transfer.points)) {
        targetBook.credit({
          id: randomUUID(),
          amount: draw.points,
          availableFrom: now,
          expiresAt: draw.lot.expiresAt,
        });
      }
      const sourcePosting = postingOf(source, sourceBook);
      const targetPosting = postingOf(target, targetBook);
      const transactionId = randomUUID();
      await unit.post({
        id: transactionId,
        programId: command.programId,
        kind: JournalTransactionKind.Transfer,
        memberId: transfer.fromMemberId,
        actor: command.actor,
        reason: transfer.reason,
        details: { toMemberId: transfer.toMemberId },
        entries: [
          { accountId: source.accountId, points: -transfer.points },
          { accountId: target.accountId, points: transfer.points },
        ],
        newLots: targetPosting.newLots ?? [],
        lotMovements: [
          ...(sourcePosting.lotMovements ?? []),
          ...(targetPosting.lotMovements ?? []),
        ],
      });
      await unit.writeOutbox(
        [
          { memberId: transfer.fromMemberId, points: -transfer.points },
          { memberId: transfer.toMemberId, points: transfer.points },
        ].map((side) => ({
          programId: command.programId,
          memberId: side.memberId,
          type: 'points.transferred',
          payload: { transactionId, ...side },
        })),
      );
      const [fromBalance, toBalance] = await Promise.all([
        this.reads.balanceOf(transfer.fromMemberId, now, unit.manager),
        this.reads.balanceOf(transfer.toMemberId, now, unit.manager),
      ]);
      return {
        status: 201,
        body: {
          transactionId,
          points: transfer.points,
          from: { memberId: transfer.fromMemberId, balance: balanceAfter(fromBalance) },
          to: { memberId: transfer.toMemberId, balance: balanceAfter(toBalance) },
        },
      };
    });
  }
}
