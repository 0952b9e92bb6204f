import { DomainError, DomainErrorCode } from '@loyalty/domain';
import type { IdempotentAnswer, LedgerTransaction, RefundablePurchase } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { memberPointsOf } from '../adjustments/adjust-points.use-case';
import type { LedgerCommand } from '../common/ledger-command';
import { type LedgerOperation, settleEach } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import {
  planRefund,
  type RecordedRefund,
  type RefundToPlan,
  type RefundToRecord,
} from './refund.plan';

export { pointsToTakeBack, type RecordedRefund, type RefundToRecord } from './refund.plan';

/** The most refunds one transaction takes. */
export const REFUND_BATCH_LIMIT = 64;

interface PurchaseRefund {
  readonly command: LedgerCommand;
  readonly refund: RefundToRecord;
}

async function refundablePurchase(
  transaction: LedgerTransaction,
  programId: string,
  purchase: RefundToRecord['purchase'],
): Promise<RefundablePurchase> {
  const found = await transaction.reads.refundablePurchase(programId, purchase);
  if (!found) {
    throw new DomainError(
      DomainErrorCode.PurchaseNotFound,
      'no purchase of the program matches',
      'id' in purchase ? 'purchaseId' : 'receiptId',
    );
  }
  return found;
}

/**
 * A till gives money back on a purchase, in full or in part, and the purchase's points go back in
 * proportion (refund.plan.ts). Concurrent refunds of a program are written together (group
 * commit); two refunds of one purchase are written one after the other, each seeing what the
 * other left to refund.
 */
@Injectable()
export class RefundPurchaseUseCase {
  private readonly operation: LedgerOperation<
    PurchaseRefund,
    { purchaseId: string },
    Omit<RefundToPlan, 'programId' | 'actor' | 'refund'>,
    RecordedRefund
  > = {
    name: 'refund',
    maxBatch: REFUND_BATCH_LIMIT,
    maxInFlight: 2,
    claimOf: (item) => item.command.idempotency,
    conflictKeysOf: ({ command, refund }) => [
      `key\n${command.idempotency.caller}\n${command.idempotency.key}`,
      'id' in refund.purchase
        ? `purchase\n${refund.purchase.id}`
        : `receipt\n${refund.purchase.storeId}\n${refund.purchase.receiptId}`,
    ],
    // The member is only known from the purchase: found first, then read again under the lock.
    identify: (transaction, programId, items) =>
      settleEach(items, async ({ refund }) => {
        const purchase = await refundablePurchase(transaction, programId, refund.purchase);
        return { memberIds: [purchase.memberId], found: { purchaseId: purchase.id } };
      }),
    load: (transaction, programId, items) =>
      settleEach(items, async ({ found, accounts }) => {
        const purchase = await refundablePurchase(transaction, programId, {
          id: found.purchaseId,
        });
        const facts = await transaction.reads.memberFacts(programId, [purchase.memberId]);
        const earnedLots = await transaction.reads.lotsCreditedBy(purchase.earnTransactionId);
        return {
          purchase,
          memberErased: facts.get(purchase.memberId)?.erased ?? false,
          earnedLotIds: earnedLots.map((lot) => lot.id),
          points: await memberPointsOf(transaction, accounts.get(purchase.memberId)!),
        };
      }),
    plan: (item, loaded, context) =>
      planRefund(
        {
          ...loaded,
          programId: item.command.programId,
          actor: item.command.actor,
          refund: item.refund,
        },
        context,
      ),
  };

  constructor(private readonly writer: LedgerWriter) {}

  execute(
    command: LedgerCommand,
    refund: RefundToRecord,
  ): Promise<IdempotentAnswer<RecordedRefund>> {
    return this.writer.submit(this.operation, command.programId, { command, refund });
  }
}
