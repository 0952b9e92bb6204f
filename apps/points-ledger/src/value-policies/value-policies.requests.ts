import type { ValuePolicy } from '@loyalty/domain';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_AMOUNT_MINOR, MAX_POINTS } from '../common/amounts';

export class TierRequest {
  @ApiProperty({ example: 'gold' })
  @IsString()
  @Length(1, 64)
  name!: string;

  @ApiPropertyOptional({ example: 50_000, description: 'With tierBasis clv: the lowest CLV.' })
  @IsOptional()
  @IsInt()
  @Min(-MAX_AMOUNT_MINOR)
  @Max(MAX_AMOUNT_MINOR)
  minClvMinor?: number;

  @ApiPropertyOptional({ example: 90, description: 'With tierBasis percentile: 0–100.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  minPercentile?: number;

  @ApiProperty({ example: 15000, description: 'Earning multiplier in basis points (×1.5).' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  earningMultiplierBp!: number;

  @ApiProperty({ example: 500, description: 'Credited once when a member first reaches it.' })
  @IsInt()
  @Min(0)
  @Max(MAX_POINTS)
  upgradeRewardPoints!: number;
}

export class WinBackRequest {
  @ApiProperty({ example: 20_000 })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_MINOR)
  minClvMinor!: number;

  @ApiProperty({ example: 0.3 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  pAliveBelow!: number;

  @ApiProperty({ example: 200 })
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  rewardPoints!: number;

  @ApiProperty({ example: 180 })
  @IsInt()
  @Min(1)
  @Max(3650)
  periodDays!: number;
}

export class ValuePolicyRequest {
  @ApiPropertyOptional({ format: 'date-time', description: 'Default: now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  effectiveFrom?: string;

  @ApiProperty({ enum: ['clv', 'percentile'] })
  @IsIn(['clv', 'percentile'])
  tierBasis!: 'clv' | 'percentile';

  @ApiProperty({
    type: [TierRequest],
    description: 'Lowest tier first; everyone reaches the first.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TierRequest)
  tiers!: TierRequest[];

  @ApiProperty({ example: 60 })
  @IsInt()
  @Min(0)
  @Max(730)
  downgradeGraceDays!: number;

  @ApiProperty({ example: 12 })
  @IsInt()
  @Min(1)
  @Max(120)
  horizonMonths!: number;

  @ApiProperty({ example: 0.1 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  annualDiscountRate!: number;

  @ApiProperty({ example: 0.3, description: 'Share of revenue that is profit.' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.0001)
  @Max(1)
  margin!: number;

  @ApiProperty({ example: 50 })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_MINOR)
  costToServePerPurchaseMinor!: number;

  @ApiProperty({ example: 30, description: 'Younger histories get the simple CLV formula.' })
  @IsInt()
  @Min(0)
  @Max(365)
  minHistoryDays!: number;

  @ApiProperty({ type: WinBackRequest, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => WinBackRequest)
  winBack!: WinBackRequest | null;
}

/** A policy as a version holds it: the request without its effective date. */
export class ValuePolicyBody extends OmitType(ValuePolicyRequest, ['effectiveFrom'] as const) {}

export const toValuePolicy = (request: ValuePolicyRequest): ValuePolicy => ({
  tierBasis: request.tierBasis,
  tiers: request.tiers.map((tier) => ({ ...tier })),
  downgradeGraceDays: request.downgradeGraceDays,
  horizonMonths: request.horizonMonths,
  annualDiscountRate: request.annualDiscountRate,
  margin: request.margin,
  costToServePerPurchaseMinor: request.costToServePerPurchaseMinor,
  minHistoryDays: request.minHistoryDays,
  winBack: request.winBack ? { ...request.winBack } : null,
});
