import { type Card, type CardBlockReason, type StaffPrincipal } from '@loyalty/domain';
import { CardRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { staffActor } from '../common/staff-actor';

@Injectable()
export class BlockCardUseCase {
  constructor(private readonly cards: CardRepository) {}

  execute(
    staff: StaffPrincipal,
    memberId: string,
    cardId: string,
    reason: CardBlockReason,
  ): Promise<Card> {
    return this.cards.block(staff.programId, memberId, cardId, reason, staffActor(staff));
  }
}
