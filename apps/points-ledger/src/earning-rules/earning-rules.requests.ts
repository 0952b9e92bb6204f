import type { CalendarPeriod, EarningRules, ExpiryPolicy } from '@loyalty/domain';
import { ApiHideProperty, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MAX_AMOUNT_MINOR, MAX_POINTS } from '../common/amounts';
import { BasketLineRequest } from '../purchases/purchases.requests';

const MAX_MULTIPLIER_BP = 1_000_000; // ×100

export class CategoryMultiplierRequest {
  @ApiProperty({ example: 'coffee' })
  @IsString()
  @Length(1, 64)
  category!: string;

  @ApiProperty({ example: 20000, description: 'Basis points: 10000 = ×1, 20000 = ×2.' })
  @IsInt()
  @Min(0)
  @Max(MAX_MULTIPLIER_BP)
  multiplierBp!: number;
}

export class SkuMultiplierRequest {
  @ApiProperty({ example: 'SKU-12345' })
  @IsString()
  @Length(1, 64)
  sku!: string;

  @ApiProperty({ example: 30000 })
  @IsInt()
  @Min(0)
  @Max(MAX_MULTIPLIER_BP)
  multiplierBp!: number;
}

export class CampaignMemberLimitRequest {
  @ApiProperty({ example: 100, description: 'The most points one member gets from it per period.' })
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  points!: number;

  @ApiProperty({
    enum: ['day', 'week', 'month', 'year', 'ever'],
    description: 'Calendar periods of the purchase’s date, in the program’s time zone.',
  })
  @IsIn(['day', 'week', 'month', 'year', 'ever'])
  period!: CalendarPeriod;
}

export class CampaignRequest {
  @ApiProperty({ example: 'double-points-weekend' })
  @IsString()
  @Length(1, 64)
  code!: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  startsAt!: string;

  @ApiProperty({ format: 'date-time', description: 'Exclusive.' })
  @IsISO8601({ strict: true })
  endsAt!: string;

  @ApiProperty({ example: 20000, description: 'On the base points of qualifying lines.' })
  @IsInt()
  @Min(0)
  @Max(MAX_MULTIPLIER_BP)
  multiplierBp!: number;

  @ApiProperty({ example: 0, description: 'Flat bonus per qualifying purchase.' })
  @IsInt()
  @Min(0)
  @Max(MAX_POINTS)
  bonusPoints!: number;

  @ApiProperty({ type: [String], description: 'Qualifying categories; empty: all.' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  categories!: string[];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 50000,
    description:
      'The most points the campaign credits in all, over every purchase and version of the ' +
      'rules with its code; once spent it credits nothing more. Null or left out: unbounded.',
  })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  budgetPoints?: number | null;

  @ApiPropertyOptional({ type: CampaignMemberLimitRequest, nullable: true })
  @ValidateIf((_, value) => value !== undefined && value !== null)
  @ValidateNested()
  @Type(() => CampaignMemberLimitRequest)
  perMemberLimit?: CampaignMemberLimitRequest | null;
}

export class ExpiryPolicyRequest {
  @ApiProperty({ enum: ['never', 'months_after_earning', 'end_of_period'] })
  @IsIn(['never', 'months_after_earning', 'end_of_period'])
  kind!: ExpiryPolicy['kind'];

  @ApiPropertyOptional({ example: 12, description: 'Required unless kind is never.' })
  @ValidateIf((policy: ExpiryPolicyRequest) => policy.kind !== 'never')
  @IsInt()
  @Min(1)
  @Max(120)
  months?: number;

  @ApiPropertyOptional({ enum: ['month', 'quarter', 'year'], description: 'For end_of_period.' })
  @ValidateIf((policy: ExpiryPolicyRequest) => policy.kind === 'end_of_period')
  @IsIn(['month', 'quarter', 'year'])
  period?: 'month' | 'quarter' | 'year';
}

export class EarningRulesRequest {
  @ApiPropertyOptional({ format: 'date-time', description: 'Default: now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  effectiveFrom?: string;

  @ApiProperty({ example: 1, description: 'Points per perMinorUnits of spend.' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  basePoints!: number;

  @ApiProperty({ example: 100, description: 'E.g. 100: one point per euro spent.' })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  perMinorUnits!: number;

  @ApiProperty({ enum: ['down', 'nearest', 'up'] })
  @IsIn(['down', 'nearest', 'up'])
  rounding!: 'down' | 'nearest' | 'up';

  @ApiProperty({ type: [CategoryMultiplierRequest] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CategoryMultiplierRequest)
  categoryMultipliers!: CategoryMultiplierRequest[];

  @ApiProperty({ type: [SkuMultiplierRequest] })
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => SkuMultiplierRequest)
  skuMultipliers!: SkuMultiplierRequest[];

  /** Refused by name: a tier's multiplier has one home, the value policy. */
  @ApiHideProperty()
  @ValidateIf((_, value) => value !== undefined)
  @Equals(undefined, {
    message:
      'tierMultipliers are not part of the earning rules: each tier of the value policy has its ' +
      'earningMultiplierBp (POST /v1/value-policies)',
  })
  tierMultipliers?: never;

  @ApiProperty({ type: [CampaignRequest] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CampaignRequest)
  campaigns!: CampaignRequest[];

  @ApiProperty({ type: [String], example: ['tobacco', 'gift-cards'] })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  excludedCategories!: string[];

  @ApiProperty({ type: Number, nullable: true, example: 5000 })
  @ValidateIf((rules: EarningRulesRequest) => rules.maxPointsPerPurchase !== null)
  @IsInt()
  @Min(0)
  @Max(MAX_POINTS)
  maxPointsPerPurchase!: number | null;

  @ApiProperty({ example: 30, description: 'The return window: points stay pending this long.' })
  @IsInt()
  @Min(0)
  @Max(365)
  pendingDays!: number;

  @ApiProperty({ type: ExpiryPolicyRequest })
  @ValidateNested()
  @Type(() => ExpiryPolicyRequest)
  expiry!: ExpiryPolicyRequest;
}

const byKey = <T, K extends keyof T>(items: readonly T[], key: K, value: keyof T) =>
  Object.fromEntries(items.map((item) => [item[key], item[value]])) as Record<string, number>;

/** A sample basket to price: its total, optional lines, when, and the member's tier. */
export class PreviewBasketRequest {
  @ApiProperty({ description: 'Integer minor units.', example: 4250 })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_MINOR)
  amountMinor!: number;

  @ApiPropertyOptional({
    type: [BasketLineRequest],
    description: 'Basket lines; when sent, their amounts add up to amountMinor.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => BasketLineRequest)
  lines?: BasketLineRequest[];

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the sale happens (campaigns running then apply). Default: now.',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  occurredAt?: string;

  @ApiPropertyOptional({
    example: 'gold',
    description: 'The member’s tier (its earning multiplier applies); none: no tier.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  tier?: string;
}

export class EarningRulesPreviewRequest {
  @ApiProperty({
    type: EarningRulesRequest,
    description: 'The draft rules, as a publish takes them.',
  })
  @IsObject()
  @ValidateNested()
  @Type(() => EarningRulesRequest)
  rules!: EarningRulesRequest;

  @ApiProperty({ type: PreviewBasketRequest })
  @IsObject()
  @ValidateNested()
  @Type(() => PreviewBasketRequest)
  basket!: PreviewBasketRequest;
}

export function toEarningRules(request: EarningRulesRequest): EarningRules {
  const expiry: ExpiryPolicy =
    request.expiry.kind === 'never'
      ? { kind: 'never' }
      : request.expiry.kind === 'months_after_earning'
        ? { kind: 'months_after_earning', months: request.expiry.months ?? 12 }
        : {
            kind: 'end_of_period',
            months: request.expiry.months ?? 12,
            period: request.expiry.period ?? 'year',
          };
  return {
    basePoints: request.basePoints,
    perMinorUnits: request.perMinorUnits,
    rounding: request.rounding,
    categoryMultipliers: byKey(request.categoryMultipliers, 'category', 'multiplierBp'),
    skuMultipliers: byKey(request.skuMultipliers, 'sku', 'multiplierBp'),
    campaigns: request.campaigns.map((campaign) => ({
      ...campaign,
      startsAt: new Date(campaign.startsAt),
      endsAt: new Date(campaign.endsAt),
      budgetPoints: campaign.budgetPoints ?? null,
      perMemberLimit: campaign.perMemberLimit
        ? { points: campaign.perMemberLimit.points, period: campaign.perMemberLimit.period }
        : null,
    })),
    excludedCategories: request.excludedCategories,
    maxPointsPerPurchase: request.maxPointsPerPurchase,
    pendingDays: request.pendingDays,
    expiry,
  };
}
