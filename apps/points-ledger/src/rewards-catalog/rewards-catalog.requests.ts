import {
  DomainError,
  DomainErrorCode,
  LIMIT_PERIODS,
  type LimitPeriod,
  REWARD_BENEFIT_KINDS,
  type RewardBenefit,
  type RewardBenefitKind,
  type RewardTerms,
} from '@loyalty/domain';
import { IsId } from '@loyalty/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MAX_AMOUNT_MINOR, MAX_POINTS } from '../common/amounts';

export class RewardBenefitRequest {
  @ApiProperty({
    enum: REWARD_BENEFIT_KINDS,
    description:
      'amount_off: money off the receipt (amountMinor); percent_off: a percentage off ' +
      '(percent); free_item: one item free, by SKU or category; gift_card: a gift card of ' +
      'amountMinor.',
  })
  @IsIn(REWARD_BENEFIT_KINDS)
  kind!: RewardBenefitKind;

  @ApiPropertyOptional({ example: 500, description: 'amount_off, gift_card: in minor units.' })
  @ValidateIf((benefit: RewardBenefitRequest) => ['amount_off', 'gift_card'].includes(benefit.kind))
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_MINOR)
  amountMinor?: number;

  @ApiPropertyOptional({ example: 10, minimum: 1, maximum: 100, description: 'percent_off.' })
  @ValidateIf((benefit: RewardBenefitRequest) => benefit.kind === 'percent_off')
  @IsInt()
  @Min(1)
  @Max(100)
  percent?: number;

  @ApiPropertyOptional({ example: 'SKU-ESPRESSO', description: 'free_item: the item, or…' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  sku?: string;

  @ApiPropertyOptional({ example: 'coffee', description: '…free_item: any item of a category.' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  category?: string;
}

export class PerMemberLimitRequest {
  @ApiProperty({ example: 1, description: 'Vouchers one member may claim in each period.' })
  @IsInt()
  @Min(1)
  @Max(1000)
  claims!: number;

  @ApiProperty({
    enum: LIMIT_PERIODS,
    description: 'Calendar periods in the program’s time zone (weeks start on Monday); ever.',
  })
  @IsIn(LIMIT_PERIODS)
  period!: LimitPeriod;
}

/** The terms of a reward: each publication is a new version; vouchers keep theirs. */
export class RewardTermsRequest {
  @ApiProperty({ example: 'Free espresso' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ example: 'Any espresso, in any of our stores.' })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  description?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'https://cdn.example.com/espresso.png',
  })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @Length(1, 2000)
  imageUrl?: string | null;

  @ApiProperty({ example: 250, description: 'What a voucher costs the member, in points.' })
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  costPoints!: number;

  @ApiProperty({ type: RewardBenefitRequest })
  @ValidateNested()
  @Type(() => RewardBenefitRequest)
  benefit!: RewardBenefitRequest;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsISO8601({ strict: true })
  availableFrom?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Exclusive.',
  })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsISO8601({ strict: true })
  availableUntil?: string | null;

  @ApiProperty({ example: 30, description: 'Days a claimed voucher stays usable.' })
  @IsInt()
  @Min(1)
  @Max(3650)
  voucherValidDays!: number;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 100,
    description: 'Vouchers that may ever be claimed, over every version; null is unlimited.',
  })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsInt()
  @Min(0)
  @Max(MAX_POINTS)
  stock?: number | null;

  @ApiPropertyOptional({ type: PerMemberLimitRequest, nullable: true })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @ValidateNested()
  @Type(() => PerMemberLimitRequest)
  perMemberLimit?: PerMemberLimitRequest | null;

  @ApiPropertyOptional({
    type: [String],
    example: ['gold'],
    description: 'Only members in these tiers may claim it; empty or left out: every member.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  tiers?: string[];

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description:
      'Its vouchers are redeemable only in these stores; empty or left out: every store.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  storeIds?: string[];

  @ApiPropertyOptional({
    default: true,
    description:
      'False withdraws it: not shown nor claimable; vouchers already claimed stay valid.',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When this version comes into force; now when left out.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  effectiveFrom?: string;
}

export class CreateRewardRequest extends RewardTermsRequest {
  @ApiProperty({
    example: 'free-espresso',
    description: 'Stable and unique in the program: lower-case letters, digits and dashes.',
  })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, {
    message: 'code must be 1 to 63 lower-case letters, digits and dashes, not starting with a dash',
  })
  code!: string;
}

export class RewardIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsId()
  rewardId!: string;
}

const invalid = (detail: string, field: string) =>
  new DomainError(DomainErrorCode.ValidationFailed, detail, field);

function benefitOf(request: RewardBenefitRequest): RewardBenefit {
  switch (request.kind) {
    case 'amount_off':
    case 'gift_card':
      return { kind: request.kind, amountMinor: request.amountMinor! };
    case 'percent_off':
      return { kind: 'percent_off', percent: request.percent! };
    case 'free_item':
      if (!request.sku && !request.category) {
        throw invalid('a free item names its sku or its category', 'benefit.sku');
      }
      return { kind: 'free_item', sku: request.sku ?? null, category: request.category ?? null };
  }
}

/** The terms a request describes, with the checks that span fields. */
export function termsOf(request: RewardTermsRequest): RewardTerms {
  const availableFrom = request.availableFrom ? new Date(request.availableFrom) : null;
  const availableUntil = request.availableUntil ? new Date(request.availableUntil) : null;
  if (availableFrom && availableUntil && availableUntil <= availableFrom) {
    throw invalid('a reward is available until after it is available from', 'availableUntil');
  }
  return {
    name: request.name,
    description: request.description ?? '',
    imageUrl: request.imageUrl ?? null,
    costPoints: request.costPoints,
    benefit: benefitOf(request.benefit),
    availableFrom,
    availableUntil,
    voucherValidDays: request.voucherValidDays,
    stock: request.stock ?? null,
    perMemberLimit: request.perMemberLimit
      ? { claims: request.perMemberLimit.claims, period: request.perMemberLimit.period }
      : null,
    tiers: request.tiers ?? [],
    storeIds: request.storeIds ?? [],
    active: request.active ?? true,
  };
}
