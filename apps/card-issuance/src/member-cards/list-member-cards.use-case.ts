import { type Card, type CardEvent, DomainError, DomainErrorCode } from '@loyalty/domain';
import { CardRepository, MemberRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { memberNotFound } from '../members/get-member.use-case';

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
