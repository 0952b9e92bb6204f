/** The dashboard's value figures: the CLV histogram, tiers and their moves, cohorts. */
import { ApiProperty } from '@nestjs/swagger';

const nullableNumber = (description: string) => ({ type: Number, nullable: true, description });

export class ClvBinResponse {
  @ApiProperty({ description: 'Lowest CLV of the bin, minor units (included).' })
  fromMinor!: number;

  @ApiProperty({ description: 'Highest CLV of the bin, minor units (excluded).' })
  toMinor!: number;

  @ApiProperty()
  members!: number;
}

export class TierCutoffResponse {
  @ApiProperty({ example: 'gold' })
  tier!: string;

  @ApiProperty(
    nullableNumber(
      'The CLV the tier starts at: the policy’s threshold, or with percentile tiers the CLV at ' +
        'the tier’s percentile now; null when no member is scored.',
    ),
  )
  minClvMinor!: number | null;

  @ApiProperty(nullableNumber('With percentile tiers: the tier’s percentile.'))
  minPercentile!: number | null;
}

export class ClvDistributionResponse {
  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty()
  membersScored!: number;

  @ApiProperty({ description: 'Members whose CLV is zero or negative (left off a log scale).' })
  nonPositive!: number;

  @ApiProperty({
    type: [ClvBinResponse],
    description: 'Bins of equal width on a log scale (four per factor of ten), lowest first.',
  })
  bins!: ClvBinResponse[];

  @ApiProperty({ type: String, nullable: true, enum: ['clv', 'percentile'] })
  tierBasis!: 'clv' | 'percentile' | null;

  @ApiProperty({
    type: [TierCutoffResponse],
    description: 'Where each tier above the first starts, lowest first; empty without a policy.',
  })
  tierCutoffs!: TierCutoffResponse[];
}

export class TierMembersResponse {
  @ApiProperty({ example: 'gold' })
  tier!: string;

  @ApiProperty()
  members!: number;
}

export class TierFlowResponse {
  @ApiProperty({ type: String, nullable: true, description: 'Null: first placement.' })
  fromTier!: string | null;

  @ApiProperty()
  toTier!: string;

  @ApiProperty({ description: 'Members who made this move in the period.' })
  members!: number;
}

export class TierFlowPeriodResponse {
  @ApiProperty({ format: 'date-time' })
  periodStart!: string;

  @ApiProperty({ type: [TierFlowResponse] })
  flows!: TierFlowResponse[];
}

export class TiersInsightResponse {
  @ApiProperty({
    type: [TierMembersResponse],
    description: 'Members per tier now, in the policy’s order (lowest first), then any other.',
  })
  members!: TierMembersResponse[];

  @ApiProperty({ type: [TierFlowPeriodResponse], description: 'Oldest period first.' })
  periods!: TierFlowPeriodResponse[];
}

export class CohortPeriodResponse {
  @ApiProperty({ format: 'date-time' })
  periodStart!: string;

  @ApiProperty({ description: '0 for the enrolment period, 1 for the one after, …' })
  periodsSinceEnrolment!: number;

  @ApiProperty({ description: 'Members of the cohort who bought in the period.' })
  active!: number;

  @ApiProperty(nullableNumber('active / the cohort’s members, to four decimals.'))
  retentionRate!: number | null;

  @ApiProperty(nullableNumber('1 − retentionRate.'))
  churnRate!: number | null;
}

export class CohortResponse {
  @ApiProperty({ format: 'date-time', description: 'The enrolment period.' })
  cohortStart!: string;

  @ApiProperty({ description: 'Members enrolled in it.' })
  members!: number;

  @ApiProperty({ type: [CohortPeriodResponse] })
  periods!: CohortPeriodResponse[];
}

export class CohortsResponse {
  @ApiProperty({ enum: ['week', 'month', 'quarter'] })
  period!: 'week' | 'month' | 'quarter';

  @ApiProperty({ type: [CohortResponse], description: 'Oldest cohort first.' })
  items!: CohortResponse[];
}
