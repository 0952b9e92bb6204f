import { DomainError, DomainErrorCode } from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { GroupCommitPerProgram } from '../common/group-commit';
import type { LedgerCommand } from '../common/ledger-command';
import { ProgramSettings } from '../common/program-settings';
import {
  type PurchaseCredit,
  type PurchaseOutcome,
  PurchaseBatchWriter,
  purchaseConflictKeys,
  type PurchaseToRecord,
} from './purchase-batch-writer';

export type { PurchaseToRecord, RecordedPurchase } from './purchase-batch-writer';

/**
 * The most purchases one transaction takes. Past a few hundred the commit is no longer what a
 * batch waits for, and a larger batch only holds its member locks longer (docs/performance.md).
 */
export const PURCHASE_BATCH_LIMIT = 256;

/**
 * Batches of one program written at once. One batch spends most of its time waiting (on its
 * statements' round trips and its WAL flush), so a second and third overlap it; more only hold
 * more connections of the pool (docs/performance.md).
 */
export const PURCHASE_BATCHES_IN_FLIGHT = 4;

/**
 * A till reports a purchase: it is stored (the history CLV learns from) and earns points by the
 * rules in force when it happened. A sale older than the program's offline window, or above its
 * largest purchase, is refused. The points stay pending through the return window, counted from
 * when they are recorded; points already past their expiry go straight to the expired account.
 *
 * Concurrent purchases of a program are written together (group commit, PurchaseBatchWriter):
 * each caller still gets its own answer once its purchase is committed, and one refused purchase
 * never fails the others.
 */
@Injectable()
export class RecordPurchaseUseCase {
  private readonly batches: GroupCommitPerProgram<PurchaseCredit, PurchaseOutcome>;

  constructor(
    private readonly settings: ProgramSettings,
    writer: PurchaseBatchWriter,
  ) {
    this.batches = new GroupCommitPerProgram({
      maxBatch: PURCHASE_BATCH_LIMIT,
      maxInFlight: PURCHASE_BATCHES_IN_FLIGHT,
      conflictKeysOf: purchaseConflictKeys,
      write: (items) => writer.write(items),
    });
  }

  /**
   * `history` is for the operator's own imports of purchases the program took before it came
   * here (the demo seed): no offline window, and the return window runs from the sale. It is
   * never reachable over HTTP; tills always record `live`.
   */
  async execute(
    command: LedgerCommand,
    purchase: PurchaseToRecord,
    recordedAs: 'live' | 'history' = 'live',
  ): Promise<PurchaseOutcome> {
    if (recordedAs === 'history' && command.actor.kind !== 'system') {
      throw new Error('only the operator imports purchase history');
    }
    const program = await this.settings.program(command.programId);
    if (purchase.currency !== program.currency) {
      throw new DomainError(
        DomainErrorCode.CurrencyNotAccepted,
        `the program earns on ${program.currency} purchases, not ${purchase.currency}`,
        'currency',
      );
    }
    const linesTotal = purchase.lines.reduce((sum, line) => sum + line.amountMinor, 0);
    if (purchase.lines.length > 0 && linesTotal !== purchase.amountMinor) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        `the lines add up to ${linesTotal}, not to amountMinor ${purchase.amountMinor}`,
        'lines',
      );
    }
    const ruleSet = await this.settings.earningRulesAt(program.id, purchase.occurredAt);
    if (!ruleSet) {
      throw new DomainError(
        DomainErrorCode.EarningRulesMissing,
        'the program had no earning rules in force when the purchase happened',
        'occurredAt',
      );
    }
    return this.batches.submit(program.id, { command, program, purchase, ruleSet, recordedAs });
  }
}
