import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EarningRulesBody } from '../earning-rules/earning-rules.responses';
import { ExpiryPolicyRequest } from '../earning-rules/earning-rules.requests';

export class ProgramTierResponse {
  @ApiProperty({ example: 'gold' })
  name!: string;

  @ApiPropertyOptional({ description: 'The CLV from which a member is in the tier (clv basis).' })
  minClvMinor?: number;

  @ApiPropertyOptional({ description: 'The CLV percentile from which (percentile basis).' })
  minPercentile?: number;

  @ApiProperty({ description: 'What purchases earn in the tier, in basis points (10000 = ×1).' })
  earningMultiplierBp!: number;

  @ApiProperty({ description: 'Points credited once on reaching the tier.' })
  upgradeRewardPoints!: number;
}

export class ProgramEarningRulesResponse {
  @ApiProperty()
  version!: number;

  @ApiProperty({ format: 'date-time' })
  effectiveFrom!: string;

  @ApiProperty({ type: () => EarningRulesBody })
  rules!: EarningRulesBody;
}

export class VoucherPolicyResponse {
  @ApiProperty({
    enum: ['restore_voucher', 'return_points'],
    description:
      'A full refund of the receipt a voucher was used on: usable again, or points back.',
  })
  onRefund!: 'restore_voucher' | 'return_points';

  @ApiProperty({
    enum: ['return_points', 'forfeit'],
    description: 'A voucher that expired unused: points back to the member, or forfeited.',
  })
  onExpiry!: 'return_points' | 'forfeit';
}

export class ReferralPolicyResponse {
  @ApiProperty({ description: 'Points for the member whose code was used.' })
  referrerPoints!: number;

  @ApiProperty({ description: 'Points for the member who enrolled with it.' })
  refereePoints!: number;

  @ApiProperty({ description: 'The smallest purchase that qualifies, in minor units.' })
  minPurchaseMinor!: number;

  @ApiProperty({ description: 'Referrals one member may bring per period; 0: referrals are off.' })
  capPerReferrer!: number;

  @ApiProperty({ enum: ['day', 'week', 'month', 'year', 'ever'] })
  capPeriod!: 'day' | 'week' | 'month' | 'year' | 'ever';
}

export class ProgramProfileResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  code!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217: every purchase is in it.' })
  currency!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'NL',
    description: 'Where national phone numbers are read; null: only international ones.',
  })
  country!: string | null;

  @ApiProperty({ example: 'Europe/Amsterdam' })
  timeZone!: string;

  @ApiProperty({
    example: 'fr',
    description: 'BCP 47 language (and region) of the program: the console’s default language.',
  })
  locale!: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Days a purchase’s points stay pending (the return window) under the rules in force.',
  })
  returnWindowDays!: number | null;

  @ApiProperty({
    description: 'How old a till’s offline purchase may be when it reaches the ledger.',
  })
  offlineWindowDays!: number;

  @ApiProperty({ description: 'The largest purchase a till may report, in minor units.' })
  maxPurchaseMinor!: number;

  @ApiProperty({ type: ExpiryPolicyRequest, nullable: true })
  expiry!: ExpiryPolicyRequest | null;

  @ApiProperty({ type: String, nullable: true, enum: ['clv', 'percentile'] })
  tierBasis!: 'clv' | 'percentile' | null;

  @ApiProperty({
    type: [ProgramTierResponse],
    description: 'Lowest first; empty without a policy.',
  })
  tiers!: ProgramTierResponse[];

  @ApiProperty({ type: ProgramEarningRulesResponse, nullable: true })
  earningRules!: ProgramEarningRulesResponse | null;

  @ApiProperty({ type: VoucherPolicyResponse })
  voucherPolicy!: VoucherPolicyResponse;

  @ApiProperty({ type: ReferralPolicyResponse })
  referralPolicy!: ReferralPolicyResponse;
}
