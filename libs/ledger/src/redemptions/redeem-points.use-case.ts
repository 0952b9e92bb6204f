import { DomainError, DomainErrorCode, JournalTransactionKind, PointsBook } from '@loyalty/domain';
import {
  type IdempotentOutcome,
  LedgerReadsRepository,
  LedgerRepository,
  RedemptionCodeRepository,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type BalanceAfter, balanceAfter, type LedgerCommand } from '../common/ledger-command';
import { accountOf, postingOf } from '../common/member-posting';
import { type MemberReference, MemberResolver } from '../common/member-resolver';
import { REDEMPTION_CODE_MAX_ATTEMPTS, redemptionCodeHash } from './redemption-codes';

export interface RedemptionToRecord {
  readonly member: MemberReference;
  readonly points: number;
  readonly redemptionCode: string;
  readonly storeId: string | null;
  readonly reference: string | null;
}

export interface RecordedRedemption {
  readonly transactionId: string;
  readonly memberId: string;
  readonly points: number;
  /** The lots the points came from, soonest-expiring first. */
  readonly drawnFrom: readonly { lotId: string; points: number; expiresAt: string | null }[];
  readonly balance: BalanceAfter;
}

/**
 * Spends available points (never pending ones), soonest-expiring lots first, authorised by the
 * member's redemption code. The member's account is locked for the whole write, so concurrent
 * redemptions run one after another and none can overdraw.
 */
@Injectable()
export class RedeemPointsUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly reads: LedgerReadsRepository,
    private readonly codes: RedemptionCodeRepository,
    private readonly memberResolver: MemberResolver,
  ) {}

  async execute(
    command: LedgerCommand,
    redemption: RedemptionToRecord,
  ): Promise<IdempotentOutcome<RecordedRedemption>> {
    const { member } = await this.memberResolver.resolve(command.programId, redemption.member);
    const accounts = await this.ledger.programAccountIds(command.programId, member.id);
    try {
      return await this.ledger.runIdempotent(command.idempotency, async (unit) => {
        const account = accountOf(
          await unit.lockMemberAccounts(command.programId, [member.id]),
          member.id,
        );
        const codeHash = redemptionCodeHash(member.id, redemption.redemptionCode);
        if (!(await unit.useRedemptionCode(member.id, codeHash, REDEMPTION_CODE_MAX_ATTEMPTS))) {
          throw new DomainError(
            DomainErrorCode.RedemptionCodeInvalid,
            "the redemption code is wrong, used or expired: ask the member's app for a new one",
            'redemptionCode',
          );
        }
        const now = new Date();
        const book = new PointsBook(account.balance, await unit.loadLots(account.accountId), now);
        const draws = book.spend(redemption.points);
        const transactionId = randomUUID();
        await unit.post({
          id: transactionId,
          programId: command.programId,
          kind: JournalTransactionKind.Redemption,
          memberId: member.id,
          storeId: redemption.storeId,
          actor: command.actor,
          details: { reference: redemption.reference },
          entries: [
            { accountId: account.accountId, points: -redemption.points },
            { accountId: accounts.points_redeemed, points: redemption.points },
          ],
          ...postingOf(account, book),
        });
        await unit.writeOutbox([
          {
            programId: command.programId,
            memberId: member.id,
            type: 'points.redeemed',
            payload: { transactionId, memberId: member.id, points: redemption.points },
          },
        ]);
        const balance = await this.reads.balanceOf(member.id, now, unit.manager);
        return {
          status: 201,
          body: {
            transactionId,
            memberId: member.id,
            points: redemption.points,
            drawnFrom: draws.map((draw) => ({
              lotId: draw.lot.id,
              points: draw.points,
              expiresAt: draw.lot.expiresAt?.toISOString() ?? null,
            })),
            balance: balanceAfter(balance),
          },
        };
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === DomainErrorCode.RedemptionCodeInvalid) {
        await this.codes.countFailedAttempt(member.id);
      }
      throw error;
    }
  }
}
