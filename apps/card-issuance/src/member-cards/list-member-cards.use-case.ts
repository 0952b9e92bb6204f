import { type Card, type CardEvent, DomainError, DomainErrorCode } from '@loyalty/domain';
import { CardRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { GetMemberUseCase } from '../members/get-member.use-case';

@Injectable()
export class ListMemberCardsUseCase {
  constructor(
    private readonly cards: CardRepository,
    private readonly members: GetMemberUseCase,
  ) {}

  async execute(programId: string, memberId: string): Promise<Card[]> {
    await this.members.execute(programId, memberId);
    return this.cards.listForMember(memberId);
  }

  /** One card of a member of the program; another member's card is not found. */
  async card(programId: string, memberId: string, cardId: string): Promise<Card> {
    await this.members.execute(programId, memberId);
    const card = await this.cards.findForMember(memberId, cardId);
    if (!card) throw new DomainError(DomainErrorCode.CardNotFound, 'the member has no such card');
    return card;
  }

  async history(programId: string, memberId: string, cardId: string): Promise<CardEvent[]> {
    const card = await this.card(programId, memberId, cardId);
    return this.cards.listEvents(card.id);
  }
}
