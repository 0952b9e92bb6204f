import type { IdempotentAnswer } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import type { LedgerCommand } from '../common/ledger-command';
import {
  type BatchMember,
  identifyOneReferencedMember,
  referenceConflictKey,
} from '../common/member-resolver';
import {
  type CodeAuthorisedPoints,
  loadCodeAuthorisedPoints,
} from '../redemptions/code-authorised-points';
import type { LedgerOperation } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import { type HoldToPlace, type PlacedHold, planHold } from './hold.plan';

export type { HoldToPlace, PlacedHold } from './hold.plan';

/** How long a hold lasts unless the till says otherwise: an order left open is released. */
export const HOLD_DEFAULT_SECONDS = 15 * 60;
/** The bounds a till may choose within. */
export const HOLD_MIN_SECONDS = 60;
export const HOLD_MAX_SECONDS = 24 * 60 * 60;

interface HoldRequest {
  readonly command: LedgerCommand;
  readonly hold: HoldToPlace;
}

/**
 * Reserves a member's available points against a till's open order, authorised by the member's
 * redemption code, like a redemption (RedeemPointsUseCase): the member's account is locked for the
 * write, so concurrent holds and redemptions of one member run one after another and none can
 * take points another already holds.
 */
@Injectable()
export class PlaceHoldUseCase {
  private readonly operation: LedgerOperation<
    HoldRequest,
    BatchMember,
    CodeAuthorisedPoints,
    PlacedHold
  > = {
    name: 'hold',
    maxBatch: 256,
    maxInFlight: 4,
    claimOf: (item) => item.command.idempotency,
    conflictKeysOf: ({ command, hold }) => [
      `key\n${command.idempotency.caller}\n${command.idempotency.key}`,
      referenceConflictKey(hold.member),
    ],
    identify: (transaction, programId, items) =>
      identifyOneReferencedMember(transaction, programId, items, (item) => item.hold.member),
    load: (transaction, _, items) =>
      loadCodeAuthorisedPoints(transaction, items, (item) => item.hold.redemptionCode),
    plan: (item, loaded, context) =>
      planHold(
        {
          programId: item.command.programId,
          hold: item.hold,
          actor: item.command.actor,
          ...loaded,
        },
        context,
      ),
  };

  constructor(private readonly writer: LedgerWriter) {}

  execute(command: LedgerCommand, hold: HoldToPlace): Promise<IdempotentAnswer<PlacedHold>> {
    return this.writer.submit(this.operation, command.programId, { command, hold });
  }
}
