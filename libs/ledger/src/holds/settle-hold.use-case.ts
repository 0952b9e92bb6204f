import { DomainError, DomainErrorCode } from '@loyalty/domain';
import {
  type IdempotencyClaim,
  type IdempotentAnswer,
  LedgerRepository,
  type PointHoldRecord,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { LedgerCommand } from '../common/ledger-command';
import { forEachDuePage } from '../common/due-pages';
import { liveMemberOf } from '../common/member-resolver';
import { type LedgerOperation, settleEach } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import {
  type HoldSettlement,
  type HoldSettlementToPlan,
  planHoldSettlement,
  type SettledHold,
} from './hold.plan';

export type { HoldSettlement, SettledHold } from './hold.plan';

interface SettlementRequest {
  readonly programId: string;
  readonly actor: LedgerCommand['actor'];
  /** Null for the release sweep, which writes under no key. */
  readonly idempotency: IdempotencyClaim | null;
  readonly holdId: string;
  /** A till settles only its own store's holds; the sweep any (null). */
  readonly storeId: string | null;
  readonly settlement: HoldSettlement;
}

export interface HoldReleaseRun {
  readonly asOf: string;
  readonly holdsReleased: number;
  readonly pointsReleased: number;
}

const HOLDS_PER_PAGE = 500;

/** A hold no till of the caller's store may see, or none at all: the same answer for both. */
export const holdNotFound = () =>
  new DomainError(
    DomainErrorCode.HoldNotFound,
    "no hold of this program's store has this id",
    'holdId',
  );

/**
 * Captures or releases a hold, exactly once: the hold row is locked first and must still be held,
 * then the member's account, as every write on their points. A capture by a member who erased
 * their data is refused (their transactions are final); their hold is released, and what comes
 * back is forfeited by the erasure's sweep. The sweep releases every hold past its expiry.
 */
@Injectable()
export class SettleHoldUseCase {
  private readonly operation: LedgerOperation<
    SettlementRequest,
    PointHoldRecord,
    Pick<HoldSettlementToPlan, 'hold' | 'drawn' | 'points'>,
    SettledHold
  > = {
    name: 'hold-settlement',
    maxBatch: 256,
    maxInFlight: 4,
    claimOf: (item) => item.idempotency,
    conflictKeysOf: ({ idempotency, holdId }) => [
      ...(idempotency ? [`key\n${idempotency.caller}\n${idempotency.key}`] : []),
      `hold\n${holdId}`,
    ],
    identify: (transaction, programId, items) =>
      settleEach(items, async ({ holdId, storeId, settlement }) => {
        const hold = await transaction.reads.lockHold(programId, holdId, storeId);
        if (!hold) throw holdNotFound();
        if (hold.status !== 'held') {
          throw new DomainError(
            DomainErrorCode.HoldAlreadySettled,
            `this hold was already ${hold.status}`,
            'holdId',
          );
        }
        if (settlement.kind === 'capture') {
          liveMemberOf(
            await transaction.reads.memberFacts(programId, [hold.memberId]),
            hold.memberId,
            'holdId',
          );
        }
        return { memberIds: [hold.memberId], found: hold };
      }),
    load: (transaction, _, items) =>
      settleEach(items, async ({ found, accounts }) => {
        const account = accounts.get(found.memberId)!;
        const drawn = await transaction.reads.movementsOf(found.holdTransactionId);
        const lots = await transaction.openLots(
          [account.accountId],
          drawn.map((movement) => movement.lotId),
        );
        return {
          hold: found,
          drawn,
          points: { ...account, lots: lots.get(account.accountId)! },
        };
      }),
    plan: (item, loaded, context) =>
      planHoldSettlement(
        {
          ...loaded,
          programId: item.programId,
          actor: item.actor,
          settlement: item.settlement,
        },
        context,
      ),
  };

  constructor(
    private readonly writer: LedgerWriter,
    private readonly ledger: LedgerRepository,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SettleHoldUseCase.name);
  }

  /** A till captures or voids one of its store's holds. */
  execute(
    command: LedgerCommand,
    storeId: string,
    holdId: string,
    settlement: HoldSettlement,
  ): Promise<IdempotentAnswer<SettledHold>> {
    return this.writer.submit(this.operation, command.programId, {
      programId: command.programId,
      actor: command.actor,
      idempotency: command.idempotency,
      holdId,
      storeId,
      settlement,
    });
  }

  /**
   * Releases every hold past its expiry by `asOf` (every program's, or one's), a page at a time.
   * Running it twice releases nothing more: a hold is settled under its lock, once; one a till
   * settled meanwhile is skipped.
   */
  async releaseExpired(
    asOf: Date = new Date(),
    programId: string | null = null,
  ): Promise<HoldReleaseRun> {
    let holdsReleased = 0;
    let pointsReleased = 0;
    await forEachDuePage(
      () => this.ledger.expiredHolds(asOf, programId, HOLDS_PER_PAGE),
      (hold) => hold.holdId,
      async (due) => {
        const settled = await Promise.allSettled(
          due.map((hold) =>
            this.writer.submit(this.operation, hold.programId, {
              programId: hold.programId,
              actor: { kind: 'system', id: null },
              idempotency: null,
              holdId: hold.holdId,
              storeId: null,
              settlement: { kind: 'release', reason: 'expiry' },
            }),
          ),
        );
        for (const outcome of settled) {
          if (outcome.status === 'fulfilled') {
            holdsReleased += 1;
            pointsReleased += outcome.value.body.releasedPoints;
          } else if (
            !(outcome.reason instanceof DomainError) ||
            outcome.reason.code !== DomainErrorCode.HoldAlreadySettled
          ) {
            // Left held: the next run releases it. A till's capture or void meanwhile is no fault.
            this.logger.warn(
              { err: outcome.reason as unknown },
              'an expired hold could not be released yet',
            );
          }
        }
      },
    );
    if (holdsReleased > 0) {
      this.logger.info({ asOf, holdsReleased, pointsReleased }, 'expired holds released');
    }
    return { asOf: asOf.toISOString(), holdsReleased, pointsReleased };
  }
}
