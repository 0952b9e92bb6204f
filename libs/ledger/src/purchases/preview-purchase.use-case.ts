import type { EarnedPointsLine } from '@loyalty/domain';
import { CampaignBudgetRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { MemberResolver } from '../common/member-resolver';
import { ProgramSettings } from '../common/program-settings';
import { countedCampaigns, earningOf, type PurchaseToRecord } from './purchase.plan';
import { memberLimitQueries, pricingOf } from './record-purchase.use-case';

/** A sale not yet paid for, as the till shows it before payment: a receipt is not needed yet. */
export type PurchaseToPreview = Omit<PurchaseToRecord, 'receiptId'>;

/** What recording the purchase now would credit, to the point. */
export interface PurchasePreview {
  readonly memberId: string;
  readonly points: number;
  readonly breakdown: readonly EarnedPointsLine[];
  readonly earningRulesVersion: number;
  readonly pendingUntil: string | null;
  readonly expiresAt: string | null;
  readonly pointsExpired: number;
}

/**
 * What `POST /v1/purchases` would credit for this basket now — the same checks, rules, tier
 * multiplier and breakdown, through the same computation (`earningOf`) — writing nothing. The
 * till shows "you will earn 47 points" before payment; the tier or the rules may still change
 * before the sale is recorded, and then the recorded answer is what counts.
 */
@Injectable()
export class PreviewPurchaseUseCase {
  constructor(
    private readonly settings: ProgramSettings,
    private readonly members: MemberResolver,
    private readonly budgets: CampaignBudgetRepository,
  ) {}

  async execute(programId: string, purchase: PurchaseToPreview): Promise<PurchasePreview> {
    const { program, ruleSet } = await pricingOf(this.settings, programId, purchase);
    const { member } = await this.members.resolve(programId, purchase.member);
    // Read without locks: a till's preview, which the recorded purchase may differ from when a
    // budget runs out in between.
    const counted = countedCampaigns(ruleSet, purchase.occurredAt);
    const spent = await this.budgets.spentOf(
      programId,
      counted.map((campaign) => campaign.code),
    );
    const memberPoints = new Map<string, number>();
    for (const query of memberLimitQueries(counted, member.id, purchase.occurredAt, program)) {
      memberPoints.set(
        query.code,
        await this.budgets.memberPointsOf(member.id, query.code, query.since),
      );
    }
    const { earned, availableFrom, expiresAt, expiredOnArrival } = earningOf(
      {
        program,
        ruleSet,
        purchase: { ...purchase, receiptId: '' },
        recordedAs: 'live',
        member: { cardId: null, tier: member.tier },
        tierMultiplierBp: await this.settings.tierMultiplierBp(programId, member.tier),
        campaigns: { spent, memberPoints },
      },
      new Date(),
    );
    return {
      memberId: member.id,
      points: earned.points,
      breakdown: earned.breakdown,
      earningRulesVersion: ruleSet.version,
      pendingUntil: earned.points > 0 ? availableFrom.toISOString() : null,
      expiresAt: earned.points > 0 ? (expiresAt?.toISOString() ?? null) : null,
      pointsExpired: expiredOnArrival ? earned.points : 0,
    };
  }
}
