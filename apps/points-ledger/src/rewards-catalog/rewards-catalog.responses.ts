import {
  type CatalogReward,
  type ClaimRefusal,
  LIMIT_PERIODS,
  type LimitPeriod,
  REWARD_BENEFIT_KINDS,
  type RewardBenefit,
  type RewardBenefitKind,
  type RewardTerms,
} from '@loyalty/domain';
import type { CatalogRewardVersion } from '@loyalty/persistence';
import { ApiProperty } from '@nestjs/swagger';

export class RewardBenefitResponse {
  @ApiProperty({ enum: REWARD_BENEFIT_KINDS })
  kind!: RewardBenefitKind;

  @ApiProperty({ type: Number, nullable: true, description: 'amount_off, gift_card.' })
  amountMinor!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'percent_off.' })
  percent!: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'free_item.' })
  sku!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'free_item.' })
  category!: string | null;

  static from(benefit: RewardBenefit): RewardBenefitResponse {
    return {
      kind: benefit.kind,
      amountMinor: 'amountMinor' in benefit ? benefit.amountMinor : null,
      percent: benefit.kind === 'percent_off' ? benefit.percent : null,
      sku: benefit.kind === 'free_item' ? benefit.sku : null,
      category: benefit.kind === 'free_item' ? benefit.category : null,
    };
  }
}

export class PerMemberLimitResponse {
  @ApiProperty()
  claims!: number;

  @ApiProperty({ enum: LIMIT_PERIODS })
  period!: LimitPeriod;
}

/** What a member and a till are told of a reward's terms. */
export class RewardTermsResponse {
  @ApiProperty()
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: String, nullable: true })
  imageUrl!: string | null;

  @ApiProperty()
  costPoints!: number;

  @ApiProperty({ type: RewardBenefitResponse })
  benefit!: RewardBenefitResponse;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  availableFrom!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  availableUntil!: string | null;

  @ApiProperty()
  voucherValidDays!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Null is unlimited.' })
  stock!: number | null;

  @ApiProperty({ type: PerMemberLimitResponse, nullable: true })
  perMemberLimit!: PerMemberLimitResponse | null;

  @ApiProperty({ type: [String], description: 'Empty: every member.' })
  tiers!: string[];

  @ApiProperty({ type: [String], format: 'uuid', description: 'Empty: every store.' })
  storeIds!: string[];

  @ApiProperty()
  active!: boolean;
}

export const termsResponse = (terms: RewardTerms): RewardTermsResponse => ({
  name: terms.name,
  description: terms.description,
  imageUrl: terms.imageUrl,
  costPoints: terms.costPoints,
  benefit: RewardBenefitResponse.from(terms.benefit),
  availableFrom: terms.availableFrom?.toISOString() ?? null,
  availableUntil: terms.availableUntil?.toISOString() ?? null,
  voucherValidDays: terms.voucherValidDays,
  stock: terms.stock,
  perMemberLimit: terms.perMemberLimit ? { ...terms.perMemberLimit } : null,
  tiers: [...terms.tiers],
  storeIds: [...terms.storeIds],
  active: terms.active,
});

export class RewardResponse extends RewardTermsResponse {
  @ApiProperty({ format: 'uuid' })
  rewardId!: string;

  @ApiProperty({ example: 'free-espresso' })
  code!: string;

  @ApiProperty({ description: 'The version in force.' })
  version!: number;

  @ApiProperty({ description: 'Vouchers claimed so far, over every version.' })
  stockClaimed!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Null is unlimited.' })
  stockLeft!: number | null;

  static from(reward: CatalogReward): RewardResponse {
    return {
      rewardId: reward.id,
      code: reward.code,
      version: reward.version,
      ...termsResponse(reward.terms),
      stockClaimed: reward.stockClaimed,
      stockLeft:
        reward.terms.stock === null ? null : Math.max(reward.terms.stock - reward.stockClaimed, 0),
    };
  }
}

export class RewardListResponse {
  @ApiProperty({ type: [RewardResponse] })
  items!: RewardResponse[];
}

export class RewardVersionResponse extends RewardTermsResponse {
  @ApiProperty()
  version!: number;

  @ApiProperty({ format: 'date-time' })
  effectiveFrom!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  createdByStaffId!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static from(version: CatalogRewardVersion): RewardVersionResponse {
    return {
      version: version.version,
      effectiveFrom: version.effectiveFrom.toISOString(),
      ...termsResponse(version.terms),
      createdByStaffId: version.createdByStaffId,
      createdAt: version.createdAt.toISOString(),
    };
  }
}

export class RewardDetailResponse extends RewardResponse {
  @ApiProperty({ type: [RewardVersionResponse], description: 'Newest first.' })
  versions!: RewardVersionResponse[];
}

const CLAIM_REFUSALS: readonly ClaimRefusal[] = [
  'not_enough_points',
  'tier',
  'out_of_stock',
  'limit_reached',
  'not_available',
  'withdrawn',
];

export class MemberRewardResponse extends RewardResponse {
  @ApiProperty({ description: 'Whether the member may claim it now.' })
  claimable!: boolean;

  @ApiProperty({
    enum: CLAIM_REFUSALS,
    isArray: true,
    description: 'Every reason the member may not claim it now; empty when they may.',
  })
  refusals!: ClaimRefusal[];
}

export class MemberRewardListResponse {
  @ApiProperty({ type: [MemberRewardResponse] })
  items!: MemberRewardResponse[];
}
