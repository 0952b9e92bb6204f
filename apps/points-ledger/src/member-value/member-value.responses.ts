import { ApiProperty } from '@nestjs/swagger';

const nullable = (type: StringConstructor | NumberConstructor, description: string) => ({
  type,
  nullable: true,
  description,
});

export class ScoringModelResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'The program’s model version (GET /v1/clv-models).' })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  fittedAt!: string;
}

/** The member's CLV and every input it was computed from. */
export class MemberClvResponse {
  @ApiProperty({ description: 'Customer lifetime value, in minor units of the currency.' })
  clvMinor!: number;

  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({
    enum: ['model', 'simple'],
    description:
      'model: BG/NBD and Gamma-Gamma fitted on the program; simple: the average-spend estimate ' +
      'used before a model is promoted (docs/clv.md).',
  })
  method!: 'model' | 'simple';

  @ApiProperty({ description: 'Repeat purchase days (days with a purchase after the first).' })
  frequency!: number;

  @ApiProperty({ description: 'Days from the first purchase day to the last.' })
  recencyDays!: number;

  @ApiProperty({ description: 'Days from the first purchase day to when it was scored.' })
  ageDays!: number;

  @ApiProperty({ description: 'Mean net spend of the repeat purchase days, minor units.' })
  averageSpendMinor!: number;

  @ApiProperty({ description: 'Probability that the member is still active (0–1).' })
  pAlive!: number;

  @ApiProperty({ description: 'Purchases expected over the program’s CLV horizon.' })
  expectedPurchases!: number;

  @ApiProperty({ description: 'Expected spend per purchase, minor units.' })
  expectedValueMinor!: number;

  @ApiProperty({ type: ScoringModelResponse, nullable: true })
  model!: ScoringModelResponse | null;

  @ApiProperty({ format: 'date-time' })
  scoredAt!: string;
}

export class MemberTierNowResponse {
  @ApiProperty({ example: 'gold' })
  name!: string;

  @ApiProperty({ format: 'date-time' })
  since!: string;

  @ApiProperty(
    nullable(String, 'Set while the member is below the tier: kept until then (the grace period).'),
  )
  heldUntil!: string | null;
}

export class TierDecisionResponse {
  @ApiProperty(nullable(String, 'Null for the first placement.'))
  fromTier!: string | null;

  @ApiProperty()
  toTier!: string;

  @ApiProperty({ enum: ['placed', 'upgraded', 'downgraded'] })
  kind!: 'placed' | 'upgraded' | 'downgraded';

  @ApiProperty({ description: 'Why, in words: the cut-off crossed, the grace period ended…' })
  reason!: string;

  @ApiProperty({ description: 'The CLV the decision was made on.' })
  clvMinor!: number;

  @ApiProperty(nullable(Number, 'The CLV model version; null for a simple estimate.'))
  modelVersion!: number | null;

  @ApiProperty()
  valuePolicyVersion!: number;

  @ApiProperty({ format: 'date-time' })
  changedAt!: string;
}

export class MemberValueResponse {
  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty({
    type: MemberClvResponse,
    nullable: true,
    description: 'Null until the member is first scored.',
  })
  clv!: MemberClvResponse | null;

  @ApiProperty({ type: MemberTierNowResponse, nullable: true })
  tier!: MemberTierNowResponse | null;

  @ApiProperty({
    type: [TierDecisionResponse],
    description: 'Every decision on the member’s tier, newest first (the latest 100).',
  })
  tierHistory!: TierDecisionResponse[];
}
