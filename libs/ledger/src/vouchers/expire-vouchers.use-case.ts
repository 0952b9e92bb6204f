import { DomainError, DomainErrorCode } from '@loyalty/domain';
import { CatalogRepository, ProgramRepository, type VoucherRecord } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { forEachDuePage } from '../common/due-pages';
import { type LedgerOperation, settleEach } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import {
  type ExpiredVoucher,
  planVoucherExpiry,
  type VoucherExpiryToPlan,
} from './voucher-settlement.plan';

interface VoucherExpiryRequest {
  readonly programId: string;
  readonly voucherId: string;
}

export interface VoucherExpiryRun {
  readonly asOf: string;
  readonly vouchersExpired: number;
  readonly pointsReturned: number;
  readonly pointsForfeited: number;
}

const VOUCHERS_PER_PAGE = 500;

/**
 * Ends every issued voucher past its expiry, by the program's policy: its points back to the lots
 * they came from, or forfeited. PostgreSQL is the record: a run that stops half-way leaves the
 * rest issued for the next; a voucher a till used meanwhile is skipped (its row is locked and
 * must still be issued).
 */
@Injectable()
export class ExpireVouchersUseCase {
  private readonly operation: LedgerOperation<
    VoucherExpiryRequest,
    VoucherRecord,
    VoucherExpiryToPlan,
    ExpiredVoucher
  > = {
    name: 'voucher-expiry',
    maxBatch: 128,
    maxInFlight: 2,
    claimOf: () => null,
    conflictKeysOf: ({ voucherId }) => [`voucher-id\n${voucherId}`],
    identify: (transaction, programId, items) =>
      settleEach(items, async ({ voucherId }) => {
        const voucher = await transaction.rewardReads.lockVoucher(programId, { id: voucherId });
        if (!voucher || voucher.status !== 'issued') {
          throw new DomainError(
            DomainErrorCode.VoucherNotRedeemable,
            'the voucher is no longer issued',
            'voucherId',
          );
        }
        return { memberIds: [voucher.memberId], found: voucher };
      }),
    load: async (transaction, programId, items) => {
      // Read afresh, not from the settings' cache: a policy changed a moment ago applies.
      const program = await this.programs.findById(programId);
      const policy = program?.voucherPolicy.onExpiry ?? 'forfeit';
      return settleEach(items, async ({ found, accounts }) => {
        const account = accounts.get(found.memberId)!;
        const draws = await transaction.rewardReads.takenBy(found.claimTransactionId);
        const lots = await transaction.openLots(
          [account.accountId],
          draws.map((draw) => draw.lotId),
        );
        const facts = await transaction.reads.memberFacts(programId, [found.memberId]);
        return {
          voucher: found,
          draws,
          points: { ...account, lots: lots.get(account.accountId)! },
          memberErased: facts.get(found.memberId)?.erased ?? false,
          policy,
        };
      });
    },
    plan: (_, loaded, context) => planVoucherExpiry(loaded, context),
  };

  constructor(
    private readonly writer: LedgerWriter,
    private readonly catalog: CatalogRepository,
    private readonly programs: ProgramRepository,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ExpireVouchersUseCase.name);
  }

  async expireDue(
    asOf: Date = new Date(),
    programId: string | null = null,
  ): Promise<VoucherExpiryRun> {
    let vouchersExpired = 0;
    let pointsReturned = 0;
    let pointsForfeited = 0;
    await forEachDuePage(
      () => this.catalog.expiredVouchers(asOf, programId, VOUCHERS_PER_PAGE),
      (voucher) => voucher.voucherId,
      async (due) => {
        const settled = await Promise.allSettled(
          due.map((voucher) => this.writer.submit(this.operation, voucher.programId, voucher)),
        );
        for (const outcome of settled) {
          if (outcome.status === 'fulfilled') {
            vouchersExpired += 1;
            if (outcome.value.body.outcome === 'returned') {
              pointsReturned += outcome.value.body.points;
            } else pointsForfeited += outcome.value.body.points;
          } else if (
            !(outcome.reason instanceof DomainError) ||
            outcome.reason.code !== DomainErrorCode.VoucherNotRedeemable
          ) {
            // Left issued: the next run ends it. A till's use of it meanwhile is no fault.
            this.logger.warn(
              { err: outcome.reason as unknown },
              'an expired voucher could not be ended yet',
            );
          }
        }
      },
    );
    if (vouchersExpired > 0) {
      this.logger.info(
        { asOf, vouchersExpired, pointsReturned, pointsForfeited },
        'expired vouchers ended',
      );
    }
    return { asOf: asOf.toISOString(), vouchersExpired, pointsReturned, pointsForfeited };
  }
}
