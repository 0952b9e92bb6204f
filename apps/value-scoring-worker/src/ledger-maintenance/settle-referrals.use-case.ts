import type { SettleReferralsResult } from '@loyalty/messaging';
import { forEachDuePage } from '@loyalty/ledger';
import { ReferralRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { PayRewardsUseCase } from '../scoring/pay-rewards.use-case';

const REFERRALS_PER_PAGE = 500;

/**
 * Settles referrals whose referee's first qualifying purchase is past its return window: both
 * sides' bonuses are granted with the referral (keyed by it, so a second run grants nothing), then
 * paid through the ledger under the grants' ids. A run stopped between the two leaves the grants
 * unpaid; the next run pays them. A referral whose qualifying purchase was refunded is refused.
 */
@Injectable()
export class SettleReferralsUseCase {
  constructor(
    private readonly referrals: ReferralRepository,
    private readonly payRewards: PayRewardsUseCase,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SettleReferralsUseCase.name);
  }

  async execute(asOf: Date, programId: string | null): Promise<SettleReferralsResult> {
    let rewarded = 0;
    let refused = 0;
    await forEachDuePage(
      () => this.referrals.due(asOf, programId, REFERRALS_PER_PAGE),
      (referral) => referral.referralId,
      async (due) => {
        for (const referral of due) {
          const settled = await this.referrals.settle(referral.referralId, asOf);
          if (settled.outcome === 'rewarded') rewarded += 1;
          if (settled.outcome === 'refused') refused += 1;
        }
      },
    );
    const owed = await this.referrals.owedReferralBonuses(programId);
    const byProgram = new Map<string, string[]>();
    for (const { programId: program, memberId } of owed) {
      byProgram.set(program, [...(byProgram.get(program) ?? []), memberId]);
    }
    for (const [program, memberIds] of byProgram) await this.payRewards.execute(program, memberIds);
    if (rewarded + refused + owed.length > 0) {
      this.logger.info({ rewarded, refused, membersPaid: owed.length }, 'referrals settled');
    }
    return { asOf: asOf.toISOString(), rewarded, refused, membersPaid: owed.length };
  }
}
