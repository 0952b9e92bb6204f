import { DomainError, DomainErrorCode, type Member } from '@loyalty/domain';
import { MemberRepository, mergedMember } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

export const memberNotFound = (): DomainError =>
  new DomainError(DomainErrorCode.MemberNotFound, 'no member of the program has this id');

/** Staff read members of their own program only; any other id is simply not found. */
@Injectable()
export class GetMemberUseCase {
  constructor(private readonly members: MemberRepository) {}

  /** The member, erased ones included (anonymous); a merged duplicate answers 410 naming its member. */
  async execute(programId: string, memberId: string): Promise<Member> {
    const member = await this.members.findById(programId, memberId);
    if (!member) throw memberNotFound();
    if (member.mergedIntoMemberId) throw mergedMember(member.mergedIntoMemberId);
    return member;
  }
}
