/** Rewards, vouchers, referrals and campaign uplift, as marketing reads them. */
import { ApiProperty } from '@nestjs/swagger';

const nullableNumber = (description: string) => ({ type: Number, nullable: true, description });

export class RewardUptakeResponse {
  @ApiProperty({ format: 'uuid' })
  rewardId!: string;

  @ApiProperty()
  code!: string;

  @ApiProperty({ description: 'Vouchers claimed.' })
  claimed!: number;

  @ApiProperty({ description: 'Used at a till.' })
  redeemed!: number;

  @ApiProperty({ description: 'Still usable.' })
  issued!: number;

  @ApiProperty({ description: 'Their points given back (a refund or an expiry, by policy).' })
  returned!: number;

  @ApiProperty({ description: 'Lapsed unused, points forfeited.' })
  expired!: number;

  @ApiProperty({ description: 'Points members spent on it.' })
  pointsClaimed!: number;
}

export class VoucherBreakageResponse {
  @ApiProperty()
  claimed!: number;

  @ApiProperty()
  redeemed!: number;

  @ApiProperty()
  issued!: number;

  @ApiProperty()
  returned!: number;

  @ApiProperty()
  expired!: number;

  @ApiProperty({ description: 'Points of the vouchers that lapsed unused.' })
  pointsForfeited!: number;

  @ApiProperty(
    nullableNumber(
      'Expired ÷ vouchers no longer usable (redeemed, returned or expired); null before any.',
    ),
  )
  breakageRate!: number | null;
}

export class ClvOfGroupResponse {
  @ApiProperty({ description: 'Members of the group with a score.' })
  scored!: number;

  @ApiProperty(nullableNumber('Their mean CLV, in minor units; null without scores.'))
  meanClvMinor!: number | null;
}

export class ReferralConversionResponse {
  @ApiProperty()
  referrals!: number;

  @ApiProperty()
  pending!: number;

  @ApiProperty({ description: 'The referee’s first qualifying purchase passed its window.' })
  rewarded!: number;

  @ApiProperty({ description: 'That purchase was refunded.' })
  refused!: number;

  @ApiProperty(nullableNumber('Rewarded ÷ referrals settled; null before any.'))
  conversionRate!: number | null;

  @ApiProperty({ type: ClvOfGroupResponse, description: 'Members who enrolled with a code.' })
  referred!: ClvOfGroupResponse;

  @ApiProperty({ type: ClvOfGroupResponse, description: 'Every other scored member.' })
  others!: ClvOfGroupResponse;
}

export class CampaignUpliftResponse {
  @ApiProperty()
  code!: string;

  @ApiProperty({ format: 'date-time' })
  startsAt!: string;

  @ApiProperty({ format: 'date-time' })
  endsAt!: string;

  @ApiProperty({
    description: 'Points it credited (counted for campaigns with a budget or limit).',
  })
  spentPoints!: number;

  @ApiProperty({ description: 'Purchases of the program during the campaign.' })
  purchasesDuring!: number;

  @ApiProperty({ description: 'Purchases in the window of the same length just before it.' })
  purchasesBefore!: number;

  @ApiProperty({ description: 'During − before (may be negative).' })
  incrementalPurchases!: number;

  @ApiProperty(
    nullableNumber('Spent points ÷ incremental purchases; null when there were none more.'),
  )
  pointsPerIncrementalPurchase!: number | null;
}

export class RewardsInsightsResponse {
  @ApiProperty({ type: [RewardUptakeResponse] })
  rewards!: RewardUptakeResponse[];

  @ApiProperty({ type: VoucherBreakageResponse })
  vouchers!: VoucherBreakageResponse;

  @ApiProperty({ type: ReferralConversionResponse })
  referrals!: ReferralConversionResponse;

  @ApiProperty({ type: [CampaignUpliftResponse] })
  campaigns!: CampaignUpliftResponse[];

  @ApiProperty({ type: [String], description: 'What these figures do not show.' })
  caveats!: string[];
}
