import { JournalTransactionKind } from '@loyalty/domain';
import { LedgerRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { accountOf, postingOf } from '../common/member-posting';
import { openMemberBook } from '../expiry/due-expiry';

export interface Forfeiture {
  readonly memberId: string;
  /** Points the member still held, now forfeited; negative for a debt written off. */
  readonly points: number;
}

const MEMBERS_PER_PAGE = 200;

/**
 * Closes the points account of a member who erased their data: what they still held is forfeited
 * into the program's `points_forfeited` account (a debt they owed is written off against it), so
 * the program's liability no longer counts points nobody can spend; their live redemption codes
 * end. Lots past their expiry are expired first, as in any write. Idempotent: a closed account
 * holds nothing more to forfeit. Erasure calls it at once; the scheduled expiry run sweeps up any
 * erasure whose forfeiture a crash interrupted (docs/ledger.md, decision 0009).
 */
@Injectable()
export class ForfeitErasedPointsUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ForfeitErasedPointsUseCase.name);
  }

  async execute(programId: string, memberId: string): Promise<Forfeiture> {
    const accounts = await this.ledger.programAccountIds(programId, memberId);
    return this.ledger.run(async (unit) => {
      const account = accountOf(await unit.lockMemberAccounts(programId, [memberId]), memberId);
      await unit.endRedemptionCodes(memberId);
      const now = new Date();
      const book = await openMemberBook(unit, programId, account, accounts.points_expired, now);
      const points = book.balance;
      if (points === 0) return { memberId, points: 0 };
      if (points > 0) book.remove(points);
      const transactionId = randomUUID();
      await unit.post({
        id: transactionId,
        programId,
        kind: JournalTransactionKind.Forfeiture,
        memberId,
        actor: { kind: 'system', id: null },
        reason: 'the member erased their data',
        entries: [
          { accountId: account.accountId, points: -points },
          { accountId: accounts.points_forfeited, points },
        ],
        ...(points > 0 ? postingOf(account, book) : {}),
      });
      await unit.writeOutbox([
        {
          programId,
          memberId,
          type: 'points.forfeited',
          payload: { transactionId, memberId, points },
        },
      ]);
      return { memberId, points };
    });
  }

  /** Every erased member of the program (or of all programs) who still holds or owes points. */
  async sweep(programId: string | null = null): Promise<number> {
    let closed = 0;
    for (;;) {
      const open = await this.ledger.run((unit) =>
        unit.erasedMembersWithPoints(programId, MEMBERS_PER_PAGE),
      );
      if (open.length === 0) break;
      for (const member of open) {
        await this.execute(member.programId, member.memberId);
        closed += 1;
      }
    }
    if (closed > 0) this.logger.info({ closed }, 'points of erased members forfeited');
    return closed;
  }
}
