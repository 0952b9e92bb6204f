import { type Member } from '@loyalty/domain';
import { ForfeitErasedPointsUseCase } from '@loyalty/ledger';
import {
  type Actor,
  type MemberDataExport,
  MemberRepository,
  mergedMember,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { memberNotFound } from '../members/get-member.use-case';

/**
 * A member's data-subject requests, made by the member in the app or received at the desk and
 * carried out by an admin: export everything held about them, or erase them. Erasure clears the
 * personal data and then closes their points account (the points left are forfeited into the
 * program's forfeited account, live redemption codes end); should the second step be interrupted,
 * the scheduled expiry run completes it.
 */
@Injectable()
export class MemberPrivacyUseCase {
  constructor(
    private readonly members: MemberRepository,
    private readonly forfeiture: ForfeitErasedPointsUseCase,
  ) {}

  async exportData(programId: string, memberId: string): Promise<MemberDataExport> {
    const data = await this.members.exportData(programId, memberId);
    if (!data) throw memberNotFound();
    // The duplicate's records moved to the member it was merged into: export that member.
    if (data.member.mergedIntoMemberId) throw mergedMember(data.member.mergedIntoMemberId);
    return data;
  }

  async erase(programId: string, memberId: string, actor: Actor): Promise<Member> {
    const erased = await this.members.erase(programId, memberId, actor);
    await this.forfeiture.execute(programId, memberId);
    return erased;
  }
}
