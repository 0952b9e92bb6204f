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

  async history(programId: string, memberId: string, cardId: string): Promise<CardEvent[]> {
    await this.members.execute(programId, memberId);
    const card = await this.cards.findForMember(memberId, cardId);
    if (!card) throw new DomainError(DomainErrorCode.CardNotFound, 'the member has no such card');
    return this.cards.listEvents(card.id);
  }
}
