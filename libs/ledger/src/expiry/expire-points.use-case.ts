import { PointsBook } from '@loyalty/domain';
import { LedgerRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { accountOf } from '../common/member-posting';
import { ForfeitErasedPointsUseCase } from '../erasure/forfeit-erased-points.use-case';
import { postDueExpiry } from './due-expiry';

export interface ExpiryRun {
  readonly asOf: string;
  readonly membersAffected: number;
  readonly pointsExpired: number;
  /** Erased members whose remaining points were forfeited by this run (after an interrupted erasure). */
  readonly erasedAccountsClosed: number;
}

const ACCOUNTS_PER_PAGE = 500;

/**
 * Moves what is left of every lot due by `asOf` into the program's expired account, one member
 * per database transaction. Running it twice expires nothing more: a lot's remaining points are
 * read under the member's lock, and an expired lot has none left. It then forfeits what erased
 * members still hold, should an erasure have been interrupted before it did.
 */
@Injectable()
export class ExpirePointsUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly forfeiture: ForfeitErasedPointsUseCase,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ExpirePointsUseCase.name);
  }

  /** Every program's due lots, or one program's. */
  async execute(asOf: Date = new Date(), programId: string | null = null): Promise<ExpiryRun> {
    let membersAffected = 0;
    let pointsExpired = 0;
    const seen = new Set<string>();
    for (;;) {
      const due = (
        await this.ledger.run((unit) =>
          unit.accountsWithDueLots(asOf, programId, ACCOUNTS_PER_PAGE),
        )
      ).filter((account) => !seen.has(account.accountId));
      if (due.length === 0) break;
      for (const candidate of due) {
        seen.add(candidate.accountId);
        const expired = await this.expireMember(candidate.programId, candidate.memberId, asOf);
        if (expired > 0) {
          membersAffected += 1;
          pointsExpired += expired;
        }
      }
    }
    this.logger.info({ asOf, membersAffected, pointsExpired }, 'points expired');
    const erasedAccountsClosed = await this.forfeiture.sweep(programId);
    return { asOf: asOf.toISOString(), membersAffected, pointsExpired, erasedAccountsClosed };
  }

  private async expireMember(programId: string, memberId: string, asOf: Date): Promise<number> {
    const accounts = await this.ledger.programAccountIds(programId, memberId);
    return this.ledger.run(async (unit) => {
      const account = accountOf(await unit.lockMemberAccounts(programId, [memberId]), memberId);
      const book = new PointsBook(account.balance, await unit.loadLots(account.accountId), asOf);
      return postDueExpiry(unit, programId, account, book, accounts.points_expired, asOf);
    });
  }
}
