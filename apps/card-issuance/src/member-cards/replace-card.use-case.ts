import { type Card, type CardBlockReason, type StaffPrincipal } from '@loyalty/domain';
import { type CardToIssue, CardRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { staffActor } from '../common/staff-actor';
import { ProgramContext } from '../common/program-context';

/** The member keeps their balance and tier: points belong to the member, not the card. */
@Injectable()
export class ReplaceCardUseCase {
  constructor(
    private readonly cards: CardRepository,
    private readonly programs: ProgramContext,
  ) {}

  async execute(
    staff: StaffPrincipal,
    memberId: string,
    cardId: string,
    reason: CardBlockReason,
    successor: CardToIssue,
  ): Promise<{ replaced: Card; successor: Card }> {
    const program = await this.programs.load(staff.programId);
    return this.cards.replace(program, memberId, cardId, successor, reason, staffActor(staff));
  }
}
