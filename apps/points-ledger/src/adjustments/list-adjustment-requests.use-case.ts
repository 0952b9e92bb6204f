import { type Page, StaffRole, type StaffPrincipal } from '@loyalty/domain';
import { type AdjustmentRequestRecord, LedgerReadsRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

/** Adjustments waiting for approval (or decided), newest first: a manager's store's, or all. */
@Injectable()
export class ListAdjustmentRequestsUseCase {
  constructor(private readonly reads: LedgerReadsRepository) {}

  execute(
    staff: StaffPrincipal,
    query: {
      readonly status: AdjustmentRequestRecord['status'];
      readonly limit: number;
      readonly cursor: string | undefined;
    },
  ): Promise<Page<AdjustmentRequestRecord>> {
    return this.reads.adjustmentRequests(staff.programId, {
      ...query,
      storeId: staff.role === StaffRole.Admin ? null : staff.storeId,
    });
  }
}
