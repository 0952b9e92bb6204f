import { type Card, type StaffPrincipal } from '@loyalty/domain';
import { type CardToIssue, CardRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { staffActor } from '../common/staff-actor';
import { ProgramContext } from '../common/program-context';

/** Another card for a member (a second card where the program allows it, or a first one). */
@Injectable()
export class IssueCardUseCase {
  constructor(
    private readonly cards: CardRepository,
    private readonly programs: ProgramContext,
  ) {}

  async execute(staff: StaffPrincipal, memberId: string, card: CardToIssue): Promise<Card> {
    const program = await this.programs.load(staff.programId);
    return this.cards.issue(program, memberId, card, staffActor(staff));
  }
}
