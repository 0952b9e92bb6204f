import { DomainError, DomainErrorCode } from '@loyalty/domain';
import type { IdempotentAnswer, VoucherRecord } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import type { LedgerCommand } from '../common/ledger-command';
import { type LedgerOperation, settleEach, settleEachNow } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import {
  planVoucherRedemption,
  type RedeemedVoucher,
  refuseUnusableVoucher,
} from './voucher-settlement.plan';

export type { RedeemedVoucher } from './voucher-settlement.plan';

interface VoucherRedemptionRequest {
  readonly command: LedgerCommand;
  readonly codeHash: string;
  readonly storeId: string;
  readonly receiptId: string;
}

/** A code no voucher of the caller's program has: guessed, mistyped, or another program's. */
export const voucherNotFound = () =>
  new DomainError(
    DomainErrorCode.VoucherNotFound,
    'no voucher of the program has this code',
    'code',
  );

/**
 * A till uses a voucher against a receipt, exactly once: the voucher's row is locked first and
 * must still be issued, unexpired and valid in the store; a retry under the same key answers the
 * first answer, and two tills racing with the same code get one redemption and one 409.
 */
@Injectable()
export class RedeemVoucherUseCase {
  private readonly operation: LedgerOperation<
    VoucherRedemptionRequest,
    VoucherRecord,
    VoucherRecord,
    RedeemedVoucher
  > = {
    name: 'voucher-redemption',
    maxBatch: 128,
    maxInFlight: 4,
    claimOf: (item) => item.command.idempotency,
    conflictKeysOf: ({ command, codeHash }) => [
      `key\n${command.idempotency.caller}\n${command.idempotency.key}`,
      `voucher\n${codeHash}`,
    ],
    identify: (transaction, programId, items) =>
      settleEach(items, async ({ codeHash, storeId }) => {
        const voucher = await transaction.rewardReads.lockVoucher(programId, { codeHash });
        if (!voucher) throw voucherNotFound();
        refuseUnusableVoucher(voucher, storeId, new Date());
        return { memberIds: [voucher.memberId], found: voucher };
      }),
    load: (_, __, items) => Promise.resolve(settleEachNow(items, ({ found }) => found)),
    plan: (item, voucher, context) =>
      planVoucherRedemption(
        {
          programId: item.command.programId,
          actor: item.command.actor,
          voucher,
          storeId: item.storeId,
          receiptId: item.receiptId,
        },
        context,
      ),
  };

  constructor(private readonly writer: LedgerWriter) {}

  execute(
    command: LedgerCommand,
    redemption: { readonly codeHash: string; readonly storeId: string; readonly receiptId: string },
  ): Promise<IdempotentAnswer<RedeemedVoucher>> {
    return this.writer.submit(this.operation, command.programId, { command, ...redemption });
  }
}
