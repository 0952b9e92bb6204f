import type { MemberPrincipal } from '@loyalty/domain';
import { type ReferralRecord, ReferralRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { ProgramContext } from '../common/program-context';
import { MemberSelfUseCase } from './member-self.use-case';

export interface MemberReferrals {
  readonly code: string;
  readonly shareText: string;
  readonly referrerPoints: number;
  readonly refereePoints: number;
  readonly referrals: readonly ReferralRecord[];
}

/** The member's referral code to share, and the friends who enrolled with it. */
@Injectable()
export class MemberReferralsUseCase {
  constructor(
    private readonly referrals: ReferralRepository,
    private readonly self: MemberSelfUseCase,
    private readonly programs: ProgramContext,
  ) {}

  async execute(principal: MemberPrincipal): Promise<MemberReferrals> {
    // The member as their session names them, refused if erased.
    await this.self.profile(principal);
    const program = await this.programs.load(principal.programId);
    const code = (await this.referrals.codeOf(program.id, principal.memberId))!;
    const { referrerPoints, refereePoints } = program.referralPolicy;
    return {
      code,
      shareText:
        `Join ${program.name} with my code ${code}` +
        (refereePoints > 0 ? `: you get ${refereePoints} points after your first purchase.` : '.'),
      referrerPoints,
      refereePoints,
      referrals: await this.referrals.referralsOf(principal.memberId),
    };
  }
}
