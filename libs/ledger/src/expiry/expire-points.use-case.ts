import type { MemberPoints } from '@loyalty/domain';
import { LedgerRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { type MemberWrite, memberPointsSteps } from '../common/member-points-operation';
import { ForfeitErasedPointsUseCase } from '../erasure/forfeit-erased-points.use-case';
import type { LedgerOperation } from '../writer/ledger-operation';
import { forEachDuePage } from '../common/due-pages';
import { LedgerWriter } from '../writer/ledger-writer';
import { planExpiry } from './expiry.plan';

export interface ExpiryRun {
  readonly asOf: string;
  readonly membersAffected: number;
  readonly pointsExpired: number;
  /** Erased members whose remaining points were forfeited by this run (after an interrupted erasure). */
  readonly erasedAccountsClosed: number;
}

const ACCOUNTS_PER_PAGE = 500;

/**
 * Moves what is left of every lot due by `asOf` into the program's expired account, a page of
 * members at a time, each page's members written together (group commit). Running it twice
 * expires nothing more: a lot's remaining points are read under the member's lock, and an expired
 * lot has none left. It then forfeits what erased members still hold, should an erasure have been
 * interrupted before it did.
 */
@Injectable()
export class ExpirePointsUseCase {
  private readonly operation: LedgerOperation<
    MemberWrite & { readonly asOf: Date },
    null,
    MemberPoints,
    number
  > = {
    ...memberPointsSteps,
    name: 'expiry',
    maxBatch: 256,
    maxInFlight: 2,
    plan: ({ asOf }, member, context) => planExpiry(member, context.programId, asOf, context),
  };

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly writer: LedgerWriter,
    private readonly forfeiture: ForfeitErasedPointsUseCase,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ExpirePointsUseCase.name);
  }

  /** Every program's due lots, or one program's. */
  async execute(asOf: Date = new Date(), programId: string | null = null): Promise<ExpiryRun> {
    let membersAffected = 0;
    let pointsExpired = 0;
    await forEachDuePage(
      () => this.ledger.accountsWithDueLots(asOf, programId, ACCOUNTS_PER_PAGE),
      (account) => account.accountId,
      async (due) => {
        const expired = await Promise.all(
          due.map(
            async (candidate) =>
              (
                await this.writer.submit(this.operation, candidate.programId, {
                  memberId: candidate.memberId,
                  asOf,
                })
              ).body,
          ),
        );
        for (const points of expired) {
          if (points > 0) {
            membersAffected += 1;
            pointsExpired += points;
          }
        }
      },
    );
    this.logger.info({ asOf, membersAffected, pointsExpired }, 'points expired');
    const erasedAccountsClosed = await this.forfeiture.sweep(programId);
    return { asOf: asOf.toISOString(), membersAffected, pointsExpired, erasedAccountsClosed };
  }
}
