import type { MemberPoints } from '@loyalty/domain';
import { LedgerRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { type MemberWrite, memberPointsSteps } from '../common/member-points-operation';
import type { LedgerOperation } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import { type Forfeiture, planForfeiture } from './forfeiture.plan';

export type { Forfeiture } from './forfeiture.plan';

const MEMBERS_PER_PAGE = 200;

/**
 * Closes the points account of a member who erased their data (forfeiture.plan.ts), so the
 * program's liability no longer counts points nobody can spend. Idempotent: a closed account
 * holds nothing more to forfeit. Erasure calls it at once; the scheduled expiry run sweeps up any
 * erasure whose forfeiture a crash interrupted (docs/ledger.md, decision 0009).
 */
@Injectable()
export class ForfeitErasedPointsUseCase {
  private readonly operation: LedgerOperation<MemberWrite, null, MemberPoints, Forfeiture> = {
    ...memberPointsSteps,
    name: 'forfeiture',
    maxBatch: MEMBERS_PER_PAGE,
    maxInFlight: 2,
    plan: (_, member, context) => planForfeiture(member, context.programId, context),
  };

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly writer: LedgerWriter,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ForfeitErasedPointsUseCase.name);
  }

  async execute(programId: string, memberId: string): Promise<Forfeiture> {
    return (await this.writer.submit(this.operation, programId, { memberId })).body;
  }

  /** Every erased member of the program (or of all programs) who still holds or owes points. */
  async sweep(programId: string | null = null): Promise<number> {
    let closed = 0;
    for (;;) {
      const open = await this.ledger.erasedMembersWithPoints(programId, MEMBERS_PER_PAGE);
      if (open.length === 0) break;
      await Promise.all(open.map((member) => this.execute(member.programId, member.memberId)));
      closed += open.length;
    }
    if (closed > 0) this.logger.info({ closed }, 'points of erased members forfeited');
    return closed;
  }
}
