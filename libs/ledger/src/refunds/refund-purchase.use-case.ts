import { DomainError, DomainErrorCode, JournalTransactionKind } from '@loyalty/domain';
import {
  type IdempotentOutcome,
  LedgerReadsRepository,
  LedgerRepository,
  type LedgerUnitOfWork,
  type RefundablePurchase,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type BalanceAfter, balanceAfter, type LedgerCommand } from '../common/ledger-command';
import { accountOf, postingOf } from '../common/member-posting';
import { openMemberBook } from '../expiry/due-expiry';

export interface RefundToRecord {
  readonly purchase:
    { readonly id: string } | { readonly storeId: string; readonly receiptId: string };
  /** The store whose till refunds: any store of the program may refund any of its purchases. */
  readonly refundedAtStoreId: string | null;
  readonly amountMinor: number;
  readonly occurredAt: Date;
}

export interface RecordedRefund {
  readonly refundId: string;
  readonly transactionId: string;
  readonly purchaseId: string;
  readonly memberId: string;
  readonly pointsReversed: number;
  readonly refundableMinorLeft: number;
  readonly balance: BalanceAfter;
}

/**
 * Points a purchase earned, cumulatively in proportion to the money refunded so far: a purchase
 * refunded in full has taken back exactly what it earned, whatever the parts were.
 */
export function pointsToTakeBack(purchase: RefundablePurchase, refundMinor: number): number {
  if (purchase.earnReversed) return 0;
  const refundedAfter = BigInt(purchase.refundedMinor + refundMinor);
  const owedAfter =
    (BigInt(purchase.pointsEarned) * refundedAfter * 2n + BigInt(purchase.amountMinor)) /
    (2n * BigInt(purchase.amountMinor));
  return Number(owedAfter) - purchase.pointsRefunded;
}

/**
 * A full or partial refund takes back the purchase's points in proportion — first from the
 * purchase's own lot (pending first), then from the member's other lots; what they cannot cover
 * becomes a debt that later earnings pay off (docs/decisions/0006-points-ledger.md). This closes
 * the buy–earn–spend–refund loophole.
 */
@Injectable()
export class RefundPurchaseUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly reads: LedgerReadsRepository,
  ) {}

  async execute(
    command: LedgerCommand,
    refund: RefundToRecord,
  ): Promise<IdempotentOutcome<RecordedRefund>> {
    // Loaded once per process; loaded here, the write never asks the pool for a second connection.
    await this.ledger.programAccountIds(command.programId, null);
    return this.ledger.runIdempotent(command.idempotency, async (unit) => {
      // The member is only known from the purchase: find it, lock, then read it again under lock.
      const unlocked = await this.findPurchase(unit, command.programId, refund);
      const account = accountOf(
        await unit.lockMemberAccounts(command.programId, [unlocked.memberId]),
        unlocked.memberId,
      );
      const purchase = await this.findPurchase(unit, command.programId, {
        purchase: { id: unlocked.id },
      });
      const accounts = await this.ledger.programAccountIds(command.programId, purchase.memberId);
      const refundableMinor = purchase.amountMinor - purchase.refundedMinor;
      if (refund.amountMinor > refundableMinor) {
        throw new DomainError(
          DomainErrorCode.RefundExceedsPurchase,
          `only ${refundableMinor} of the purchase's ${purchase.amountMinor} is left to refund`,
          'amountMinor',
        );
      }
      // An erased member's points account is closed (forfeited): a refund takes nothing back.
      const closed =
        (await unit.memberFacts(command.programId, [purchase.memberId])).get(purchase.memberId)
          ?.erased ?? false;
      const points = closed ? 0 : pointsToTakeBack(purchase, refund.amountMinor);
      const now = new Date();
      const earnedLots = await unit.lotsCreditedBy(purchase.earnTransactionId);
      const book = await openMemberBook(
        unit,
        command.programId,
        account,
        accounts.points_expired,
        now,
      );
      if (points > 0)
        book.takeBack(
          points,
          earnedLots.map((lot) => lot.id),
        );
      const transactionId = randomUUID();
      const refundId = randomUUID();
      await unit.post({
        id: transactionId,
        programId: command.programId,
        kind: JournalTransactionKind.Refund,
        memberId: purchase.memberId,
        purchaseId: purchase.id,
        storeId: purchase.storeId,
        actor: command.actor,
        details: {
          refundId,
          amountMinor: refund.amountMinor,
          currency: purchase.currency,
          refundedAtStoreId: refund.refundedAtStoreId,
        },
        entries:
          points > 0
            ? [
                { accountId: account.accountId, points: -points },
                { accountId: accounts.points_issued, points },
              ]
            : [],
        ...postingOf(account, book),
      });
      await unit.recordRefund({
        id: refundId,
        purchaseId: purchase.id,
        amountMinor: refund.amountMinor,
        pointsReversed: points,
        transactionId,
        occurredAt: refund.occurredAt,
      });
      await unit.writeOutbox([
        {
          programId: command.programId,
          memberId: purchase.memberId,
          type: 'purchase.refunded',
          payload: {
            purchaseId: purchase.id,
            refundId,
            memberId: purchase.memberId,
            amountMinor: refund.amountMinor,
            currency: purchase.currency,
            occurredAt: refund.occurredAt.toISOString(),
            refundedAtStoreId: refund.refundedAtStoreId,
          },
        },
        ...(points > 0
          ? [
              {
                programId: command.programId,
                memberId: purchase.memberId,
                type: 'points.reversed' as const,
                payload: {
                  transactionId,
                  memberId: purchase.memberId,
                  points,
                  purchaseId: purchase.id,
                },
              },
            ]
          : []),
      ]);
      const balance = await this.reads.balanceOf(purchase.memberId, now, unit.manager);
      return {
        status: 201,
        body: {
          refundId,
          transactionId,
          purchaseId: purchase.id,
          memberId: purchase.memberId,
          pointsReversed: points,
          refundableMinorLeft: refundableMinor - refund.amountMinor,
          balance: balanceAfter(balance),
        },
      };
    });
  }

  private async findPurchase(
    unit: LedgerUnitOfWork,
    programId: string,
    refund: Pick<RefundToRecord, 'purchase'>,
  ): Promise<RefundablePurchase> {
    const purchase = await unit.refundablePurchase(programId, refund.purchase);
    if (!purchase) {
      throw new DomainError(
        DomainErrorCode.PurchaseNotFound,
        'no purchase of the program matches',
        'id' in refund.purchase ? 'purchaseId' : 'receiptId',
      );
    }
    return purchase;
  }
}
