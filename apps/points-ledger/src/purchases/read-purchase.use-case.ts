import { DomainError, DomainErrorCode } from '@loyalty/domain';
import { pointsToTakeBack } from '@loyalty/ledger';
import { LedgerReadsRepository, type PurchaseDetail } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

/** A purchase with what its refunds took so far and what is left to refund. */
export interface PurchaseView extends PurchaseDetail {
  readonly refundedMinor: number;
  readonly pointsRefunded: number;
  readonly refundableMinor: number;
  /** The points a refund of everything left would take back (0 once the earning was reversed). */
  readonly refundablePoints: number;
}

/** The till reads a purchase before a return: by id, or by its store's receipt. */
@Injectable()
export class ReadPurchaseUseCase {
  constructor(private readonly reads: LedgerReadsRepository) {}

  async execute(
    programId: string,
    reference: { readonly id: string } | { readonly storeId: string; readonly receiptId: string },
  ): Promise<PurchaseView> {
    const purchase = await this.reads.purchase(programId, reference);
    if (!purchase) {
      throw new DomainError(
        DomainErrorCode.PurchaseNotFound,
        'no purchase of the program matches',
        'id' in reference ? 'purchaseId' : 'receiptId',
      );
    }
    const refundedMinor = purchase.refunds.reduce((sum, refund) => sum + refund.amountMinor, 0);
    const pointsRefunded = purchase.refunds.reduce((sum, refund) => sum + refund.pointsReversed, 0);
    const refundableMinor = purchase.amountMinor - refundedMinor;
    return {
      ...purchase,
      refundedMinor,
      pointsRefunded,
      refundableMinor,
      refundablePoints:
        refundableMinor > 0
          ? pointsToTakeBack({ ...purchase, refundedMinor, pointsRefunded }, refundableMinor)
          : 0,
    };
  }
}
