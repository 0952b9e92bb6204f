import {
  DomainError,
  DomainErrorCode,
  type Member,
  normaliseEmail,
  normalisePhone,
} from '@loyalty/domain';
import { MemberRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { ProgramContext } from '../common/program-context';

export const memberNotFound = (): DomainError =>
  new DomainError(DomainErrorCode.MemberNotFound, 'no member of the program has this id');

/** Staff read members of their own program only; any other id is simply not found. */
@Injectable()
export class GetMemberUseCase {
  constructor(
    private readonly members: MemberRepository,
    private readonly programs: ProgramContext,
  ) {}

  async execute(programId: string, memberId: string): Promise<Member> {
    const member = await this.members.findById(programId, memberId);
    if (!member) throw memberNotFound();
    return member;
  }

  async findByContact(
    programId: string,
    contact: { email?: string | undefined; phone?: string | undefined },
  ): Promise<Member[]> {
    if (!contact.email && !contact.phone) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'search by email or phone', 'email');
    }
    const program = await this.programs.load(programId);
    const phone = contact.phone ? normalisePhone(contact.phone, program.phoneRegion) : undefined;
    if (contact.phone && !phone) return [];
    return this.members.findByContact(programId, {
      email: contact.email ? normaliseEmail(contact.email) : undefined,
      phone: phone ?? undefined,
    });
  }
}
