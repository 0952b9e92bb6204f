import type { IdempotentAnswer } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import type { LedgerCommand } from '../common/ledger-command';
import {
  type BatchMember,
  identifyOneReferencedMember,
  referenceConflictKey,
} from '../common/member-resolver';
import type { LedgerOperation } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import { type CodeAuthorisedPoints, loadCodeAuthorisedPoints } from './code-authorised-points';
import {
  planRedemption,
  type RecordedRedemption,
  type RedemptionToRecord,
} from './redemption.plan';

export type { RecordedRedemption, RedemptionToRecord } from './redemption.plan';

/** The most redemptions one transaction takes (see PURCHASE_BATCH_LIMIT). */
export const REDEMPTION_BATCH_LIMIT = 256;

/** Redemption batches of one program written at once (see PURCHASE_BATCHES_IN_FLIGHT). */
export const REDEMPTION_BATCHES_IN_FLIGHT = 4;

interface RedemptionDebit {
  readonly command: LedgerCommand;
  readonly redemption: RedemptionToRecord;
}

/**
 * Spends available points (never pending ones), soonest-expiring lots first, authorised by the
 * member's redemption code. The member's account is locked for the whole write, so concurrent
 * redemptions of one member run one after another and none can overdraw. A redemption is refused
 * alone, as it would be on its own: its code is checked first (a wrong one counts a failed try),
 * then its points.
 *
 * Concurrent redemptions of a program are written together (group commit, LedgerWriter); each
 * caller gets its own answer once its redemption is committed.
 */
@Injectable()
export class RedeemPointsUseCase {
  private readonly operation: LedgerOperation<
    RedemptionDebit,
    BatchMember,
    CodeAuthorisedPoints,
    RecordedRedemption
  > = {
    name: 'redemption',
    maxBatch: REDEMPTION_BATCH_LIMIT,
    maxInFlight: REDEMPTION_BATCHES_IN_FLIGHT,
    claimOf: (item) => item.command.idempotency,
    conflictKeysOf: ({ command, redemption }) => [
      `key\n${command.idempotency.caller}\n${command.idempotency.key}`,
      referenceConflictKey(redemption.member),
    ],
    identify: (transaction, programId, items) =>
      identifyOneReferencedMember(transaction, programId, items, (item) => item.redemption.member),
    load: (transaction, _, items) =>
      loadCodeAuthorisedPoints(transaction, items, (item) => item.redemption.redemptionCode),
    plan: (item, loaded, context) =>
      planRedemption(
        {
          programId: item.command.programId,
          redemption: item.redemption,
          actor: item.command.actor,
          ...loaded,
        },
        context,
      ),
  };

  constructor(private readonly writer: LedgerWriter) {}

  execute(
    command: LedgerCommand,
    redemption: RedemptionToRecord,
  ): Promise<IdempotentAnswer<RecordedRedemption>> {
    return this.writer.submit(this.operation, command.programId, { command, redemption });
  }
}
