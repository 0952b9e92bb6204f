import { DomainError, DomainErrorCode } from '@loyalty/domain';
import type { IdempotentAnswer, RefundablePurchase, VoucherRecord } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { ProgramSettings } from '../common/program-settings';
import type { LedgerCommand } from '../common/ledger-command';
import type { Settled } from '../writer/group-commit';
import type { LedgerOperation, Touching } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import {
  planRefund,
  type RecordedRefund,
  type RefundToPlan,
  type RefundToRecord,
} from './refund.plan';

export { pointsToTakeBack, type RecordedRefund, type RefundToRecord } from './refund.plan';

/** The most refunds one transaction takes (see PURCHASE_BATCH_LIMIT). */
export const REFUND_BATCH_LIMIT = 256;

/** Refund batches of one program written at once (see PURCHASE_BATCHES_IN_FLIGHT). */
export const REFUND_BATCHES_IN_FLIGHT = 4;

type RefundLoad = Omit<RefundToPlan, 'programId' | 'actor' | 'refund'>;

/** The purchase a refund names, and the vouchers used on its receipt (locked). */
interface RefundFound {
  readonly purchaseId: string;
  readonly vouchers: readonly VoucherRecord[];
}

interface PurchaseRefund {
  readonly command: LedgerCommand;
  readonly refund: RefundToRecord;
}

const purchaseNotFound = (purchase: RefundToRecord['purchase']) =>
  new DomainError(
    DomainErrorCode.PurchaseNotFound,
    'no purchase of the program matches',
    'id' in purchase ? 'purchaseId' : 'receiptId',
  );

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
    RefundFound,
    RefundLoad,
    RecordedRefund
  > = {
    name: 'refund',
    maxBatch: REFUND_BATCH_LIMIT,
    maxInFlight: REFUND_BATCHES_IN_FLIGHT,
    claimOf: (item) => item.command.idempotency,
    conflictKeysOf: ({ command, refund }) => [
      `key\n${command.idempotency.caller}\n${command.idempotency.key}`,
      'id' in refund.purchase
        ? `purchase\n${refund.purchase.id}`
        : `receipt\n${refund.purchase.storeId}\n${refund.purchase.receiptId}`,
    ],
    // The member is only known from the purchase: found first, then read again under the lock.
    // Vouchers used on its receipt are locked here, before their members, as every voucher write
    // locks them: their members may have to be written too, should this refund end the purchase.
    identify: async (transaction, programId, items) => {
      const purchases = await transaction.reads.refundablePurchases(
        programId,
        items.map((item) => item.refund.purchase),
      );
      const known = purchases.filter((purchase): purchase is RefundablePurchase => !!purchase);
      const onReceipts = await transaction.rewardReads.lockVouchersRedeemedOn(programId, known);
      return items.map(({ refund }, n): Settled<Touching<RefundFound>> => {
        const purchase = purchases[n];
        if (!purchase) return { ok: false, error: purchaseNotFound(refund.purchase) };
        const vouchers = onReceipts[known.indexOf(purchase)]!;
        return {
          ok: true,
          value: {
            memberIds: [...new Set([purchase.memberId, ...vouchers.map((v) => v.memberId)])],
            found: { purchaseId: purchase.id, vouchers },
          },
        };
      });
    },
    // Each read once for the whole batch: the purchases, their members, the lots they earned,
    // and their members' lots (with those the receipt's vouchers were claimed from).
    load: async (transaction, programId, items) => {
      const purchases = await transaction.reads.refundablePurchases(
        programId,
        items.map(({ found }) => ({ id: found.purchaseId })),
      );
      const known = purchases.filter((purchase): purchase is RefundablePurchase => !!purchase);
      const vouchers = items.flatMap(({ found }) => found.vouchers);
      const draws = new Map<string, Awaited<ReturnType<typeof transaction.rewardReads.takenBy>>>();
      for (const voucher of vouchers) {
        draws.set(voucher.id, await transaction.rewardReads.takenBy(voucher.claimTransactionId));
      }
      const { voucherPolicy } = vouchers.length
        ? await this.settings.program(programId)
        : { voucherPolicy: null };
      const facts = await transaction.reads.memberFacts(programId, [
        ...known.map((purchase) => purchase.memberId),
        ...vouchers.map((voucher) => voucher.memberId),
      ]);
      const earnedLots = await transaction.reads.lotsCreditedByEach(
        known.map((purchase) => purchase.earnTransactionId),
      );
      const accountOf = (purchase: RefundablePurchase, n: number) =>
        items[n]!.accounts.get(purchase.memberId)!;
      const voucherAccounts = items.flatMap(({ found, accounts }) =>
        found.vouchers.map((voucher) => accounts.get(voucher.memberId)!.accountId),
      );
      const lots = await transaction.openLots(
        [
          ...new Set([
            ...purchases.flatMap((purchase, n) =>
              purchase ? [accountOf(purchase, n).accountId] : [],
            ),
            ...voucherAccounts,
          ]),
        ],
        [...draws.values()].flat().map((draw) => draw.lotId),
      );
      return purchases.map((purchase, n): Settled<RefundLoad> => {
        if (!purchase) return { ok: false, error: new Error('a purchase being refunded is gone') };
        const account = accountOf(purchase, n);
        const { found, accounts } = items[n]!;
        return {
          ok: true,
          value: {
            purchase,
            memberErased: facts.get(purchase.memberId)?.erased ?? false,
            earnedLotIds: (earnedLots.get(purchase.earnTransactionId) ?? []).map((lot) => lot.id),
            points: { ...account, lots: lots.get(account.accountId)! },
            vouchers: found.vouchers.map((voucher) => {
              const owner = accounts.get(voucher.memberId)!;
              return {
                voucher,
                draws: draws.get(voucher.id)!,
                points:
                  voucher.memberId === purchase.memberId
                    ? null
                    : { ...owner, lots: lots.get(owner.accountId)! },
                memberErased: facts.get(voucher.memberId)?.erased ?? false,
              };
            }),
            voucherPolicy: voucherPolicy ?? { onRefund: 'restore_voucher', onExpiry: 'forfeit' },
          },
        };
      });
    },
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

  constructor(
    private readonly writer: LedgerWriter,
    private readonly settings: ProgramSettings,
  ) {}

  execute(
    command: LedgerCommand,
    refund: RefundToRecord,
  ): Promise<IdempotentAnswer<RecordedRefund>> {
    return this.writer.submit(this.operation, command.programId, { command, refund });
  }
}
