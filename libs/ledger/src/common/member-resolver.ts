import {
  CardStatus,
  DomainError,
  DomainErrorCode,
  type Member,
  type Program,
} from '@loyalty/domain';
import { CardRepository, MemberRepository, ProgramRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

/** How a write names the member: by the card presented at the till, or by id. */
export type MemberReference = { readonly cardNumber: string } | { readonly memberId: string };

export interface ResolvedMember {
  readonly member: Member;
  readonly cardId: string | null;
}

/** Finds the program and member a write is for; blocked cards and erased members cannot earn or spend. */
@Injectable()
export class MemberResolver {
  constructor(
    private readonly cards: CardRepository,
    private readonly members: MemberRepository,
    private readonly programs: ProgramRepository,
  ) {}

  /** The caller's program; a credential always names one, so this fails only if it was deleted. */
  async program(programId: string): Promise<Program> {
    const program = await this.programs.findById(programId);
    if (!program) throw new DomainError(DomainErrorCode.PermissionDenied, 'the program is gone');
    return program;
  }

  async resolve(programId: string, reference: MemberReference): Promise<ResolvedMember> {
    let memberId: string;
    let cardId: string | null = null;
    if ('cardNumber' in reference) {
      const found = await this.cards.lookUpByNumber(programId, reference.cardNumber);
      if (!found) {
        throw new DomainError(
          DomainErrorCode.CardNotFound,
          'no card of the program has this number',
          'cardNumber',
        );
      }
      if (found.card.status !== CardStatus.Active || !found.card.memberId) {
        throw new DomainError(
          DomainErrorCode.CardNotActive,
          `the card is ${found.card.status}: it cannot earn or spend points`,
          'cardNumber',
        );
      }
      memberId = found.card.memberId;
      cardId = found.card.id;
    } else {
      memberId = reference.memberId;
    }
    return { member: await this.member(programId, memberId), cardId };
  }

  async member(programId: string, memberId: string, field = 'memberId'): Promise<Member> {
    const member = await this.members.findById(programId, memberId);
    if (!member) {
      throw new DomainError(
        DomainErrorCode.MemberNotFound,
        'no member of the program has this id',
        field,
      );
    }
    if (member.erasedAt) {
      throw new DomainError(DomainErrorCode.MemberErased, 'the member erased their data', field);
    }
    return member;
  }
}
