import {
  CardStatus,
  DomainError,
  DomainErrorCode,
  maskCardNumber,
  type PosTerminalPrincipal,
} from '@loyalty/domain';
import { CardRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { CardLookupResponse } from './card-lookup.responses';

/**
 * A till identifies the member by the card. Blocked and replaced cards answer with their status
 * (so the clerk can act), but name no member: a stolen card leads nowhere.
 */
@Injectable()
export class LookUpCardUseCase {
  constructor(private readonly cards: CardRepository) {}

  async execute(terminal: PosTerminalPrincipal, number: string): Promise<CardLookupResponse> {
    const found = await this.cards.lookUpByNumber(terminal.programId, number);
    if (!found) {
      throw new DomainError(DomainErrorCode.CardNotFound, 'no card of the program has this number');
    }
    const active = found.card.status === CardStatus.Active;
    return {
      cardId: found.card.id,
      maskedNumber: maskCardNumber(found.card.number),
      cardStatus: found.card.status,
      memberId: active ? found.card.memberId : null,
      tier: active ? found.memberTier : null,
    };
  }
}
