import {
  type Card,
  type CardBlockReason,
  type CardEvent,
  DomainError,
  DomainErrorCode,
  type StaffPrincipal,
} from '@loyalty/domain';
import { type CardToIssue, CardRepository, MemberRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { memberNotFound } from '../members/get-member.use-case';
import { ProgramContext } from '../common/program-context';

const actorOf = (staff: StaffPrincipal) => ({ kind: 'staff' as const, id: staff.staffId });

/** Another card for a member (a second card where the program allows it, or a first one). */
@Injectable()
export class IssueCardUseCase {
  constructor(
    private readonly cards: CardRepository,
    private readonly programs: ProgramContext,
  ) {}

  async execute(staff: StaffPrincipal, memberId: string, card: CardToIssue): Promise<Card> {
    const program = await this.programs.load(staff.programId);
    return this.cards.issue(program, memberId, card, actorOf(staff));
  }
}

@Injectable()
export class BlockCardUseCase {
  constructor(private readonly cards: CardRepository) {}

  execute(
    staff: StaffPrincipal,
    memberId: string,
    cardId: string,
    reason: CardBlockReason,
  ): Promise<Card> {
    return this.cards.block(staff.programId, memberId, cardId, reason, actorOf(staff));
  }
}

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
    return this.cards.replace(program, memberId, cardId, successor, reason, actorOf(staff));
  }
}

@Injectable()
export class ListMemberCardsUseCase {
  constructor(
    private readonly cards: CardRepository,
    private readonly members: MemberRepository,
  ) {}

  async execute(programId: string, memberId: string): Promise<Card[]> {
    if (!(await this.members.findById(programId, memberId))) throw memberNotFound();
    return this.cards.listForMember(memberId);
  }

  async history(programId: string, memberId: string, cardId: string): Promise<CardEvent[]> {
    if (!(await this.members.findById(programId, memberId))) throw memberNotFound();
    const card = await this.cards.findForMember(memberId, cardId);
    if (!card) throw new DomainError(DomainErrorCode.CardNotFound, 'the member has no such card');
    return this.cards.listEvents(card.id);
  }
}
