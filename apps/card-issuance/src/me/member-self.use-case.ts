import {
  type Card,
  DomainError,
  DomainErrorCode,
  type Member,
  type MemberPrincipal,
  type Program,
} from '@loyalty/domain';
import { CardRepository, MemberRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { memberNotFound } from '../members/get-member.use-case';
import { ProgramContext } from '../common/program-context';

/**
 * What a signed-in member reads and does about themselves. The member comes from the token,
 * never from the path, and a card is looked up together with its owner: another member's card
 * is simply not found (404), exactly like one that does not exist.
 */
@Injectable()
export class MemberSelfUseCase {
  constructor(
    private readonly members: MemberRepository,
    private readonly cards: CardRepository,
    private readonly programs: ProgramContext,
  ) {}

  async profile(self: MemberPrincipal): Promise<Member> {
    const member = await this.members.findById(self.programId, self.memberId);
    if (!member) throw memberNotFound();
    if (member.erasedAt) {
      throw new DomainError(DomainErrorCode.MemberErased, 'your data has been erased');
    }
    return member;
  }

  async cardsOf(self: MemberPrincipal): Promise<Card[]> {
    await this.profile(self);
    return this.cards.listForMember(self.memberId);
  }

  async card(
    self: MemberPrincipal,
    cardId: string,
  ): Promise<{ program: Program; member: Member; card: Card }> {
    const member = await this.profile(self);
    const card = await this.cards.findForMember(self.memberId, cardId);
    if (!card) throw new DomainError(DomainErrorCode.CardNotFound, 'you have no such card');
    return { program: await this.programs.load(self.programId), member, card };
  }
}
