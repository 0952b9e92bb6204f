import { Injectable } from '@nestjs/common';
import { GroupCommitPerProgram } from '../common/group-commit';
import type { LedgerCommand } from '../common/ledger-command';
import {
  type RedemptionDebit,
  type RedemptionOutcome,
  RedemptionBatchWriter,
  redemptionConflictKeys,
  type RedemptionToRecord,
} from './redemption-batch-writer';

export type { RecordedRedemption, RedemptionToRecord } from './redemption-batch-writer';

/** The most redemptions one transaction takes (see PURCHASE_BATCH_LIMIT). */
export const REDEMPTION_BATCH_LIMIT = 256;

/** Redemption batches of one program written at once (see PURCHASE_BATCHES_IN_FLIGHT). */
export const REDEMPTION_BATCHES_IN_FLIGHT = 4;

/**
 * Spends available points (never pending ones), soonest-expiring lots first, authorised by the
 * member's redemption code. The member's account is locked for the whole write, so concurrent
 * redemptions of one member run one after another and none can overdraw.
 *
 * Concurrent redemptions of a program are written together (group commit,
 * RedemptionBatchWriter); each caller gets its own answer once its redemption is committed.
 */
@Injectable()
export class RedeemPointsUseCase {
  private readonly batches: GroupCommitPerProgram<RedemptionDebit, RedemptionOutcome>;

  constructor(writer: RedemptionBatchWriter) {
    this.batches = new GroupCommitPerProgram({
      maxBatch: REDEMPTION_BATCH_LIMIT,
      maxInFlight: REDEMPTION_BATCHES_IN_FLIGHT,
      conflictKeysOf: redemptionConflictKeys,
      write: (items) => writer.write(items),
    });
  }

  execute(command: LedgerCommand, redemption: RedemptionToRecord): Promise<RedemptionOutcome> {
    return this.batches.submit(command.programId, { command, redemption });
  }
}
