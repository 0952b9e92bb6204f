import type { EarningRules, EarningRuleSet } from '@loyalty/domain';
import { ApiProperty, OmitType } from '@nestjs/swagger';
import { EarnedPointsLineResponse } from '../purchases/purchases.responses';
import { EarningRulesRequest } from './earning-rules.requests';

const nullableNumber = (description: string) => ({ type: Number, nullable: true, description });

/** The rules as a program's admin wrote them: what GET answers is what POST takes. */
export class EarningRulesBody extends OmitType(EarningRulesRequest, [
  'effectiveFrom',
  'tierMultipliers',
] as const) {}

/** A multiplier map as the request's list, by name: a map has no order of its own to keep. */
const entriesOf = <K extends string>(map: Readonly<Record<string, number>>, key: K) =>
  Object.entries(map)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, multiplierBp]) => ({ [key]: name, multiplierBp })) as ({
    [P in K]: string;
  } & { multiplierBp: number })[];

/** The stored rules in the request's shape: lists where the domain keeps maps, ISO dates. */
export function bodyOf(rules: EarningRules): EarningRulesBody {
  return {
    basePoints: rules.basePoints,
    perMinorUnits: rules.perMinorUnits,
    rounding: rules.rounding,
    categoryMultipliers: entriesOf(rules.categoryMultipliers, 'category'),
    skuMultipliers: entriesOf(rules.skuMultipliers, 'sku'),
    campaigns: rules.campaigns.map((campaign) => ({
      code: campaign.code,
      startsAt: campaign.startsAt.toISOString(),
      endsAt: campaign.endsAt.toISOString(),
      multiplierBp: campaign.multiplierBp,
      bonusPoints: campaign.bonusPoints,
      categories: [...campaign.categories],
      budgetPoints: campaign.budgetPoints,
      perMemberLimit: campaign.perMemberLimit ? { ...campaign.perMemberLimit } : null,
    })),
    excludedCategories: [...rules.excludedCategories],
    maxPointsPerPurchase: rules.maxPointsPerPurchase,
    pendingDays: rules.pendingDays,
    expiry: { ...rules.expiry },
  };
}

export class EarningRuleSetResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({ format: 'date-time' })
  effectiveFrom!: string;

  @ApiProperty({
    type: () => EarningRulesBody,
    description:
      'The rules in the shape POST /v1/earning-rules takes them; multipliers listed by name.',
  })
  rules!: EarningRulesBody;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  static from(set: EarningRuleSet): EarningRuleSetResponse {
    return {
      id: set.id,
      version: set.version,
      effectiveFrom: set.effectiveFrom.toISOString(),
      rules: bodyOf(set.rules),
      createdAt: set.createdAt.toISOString(),
    };
  }
}

export class EarningRuleSetListResponse {
  @ApiProperty({ type: [EarningRuleSetResponse] })
  items!: EarningRuleSetResponse[];
}

export class PricedBasketResponse {
  @ApiProperty()
  points!: number;

  @ApiProperty({ type: [EarnedPointsLineResponse] })
  breakdown!: EarnedPointsLineResponse[];
}

export class EarningRulesPreviewResponse {
  @ApiProperty({ type: PricedBasketResponse, description: 'Under the draft rules.' })
  draft!: PricedBasketResponse;

  @ApiProperty({
    type: PricedBasketResponse,
    nullable: true,
    description: 'Under the rules in force at the basket’s time; null before any rules.',
  })
  inForce!: PricedBasketResponse | null;

  @ApiProperty(nullableNumber('The tier’s earning multiplier applied, basis points.'))
  tierMultiplierBp!: number | null;
}
