import { ApiProperty } from '@nestjs/swagger';

const nullableNumber = (description: string) => ({ type: Number, nullable: true, description });

export class EquityPointResponse {
  @ApiProperty({ format: 'date-time' })
  takenAt!: string;

  @ApiProperty()
  customerEquityMinor!: number;

  @ApiProperty()
  membersScored!: number;
}

export class CustomerEquityResponse {
  @ApiProperty({ description: 'The sum of every scored member’s CLV, in minor units.' })
  customerEquityMinor!: number;

  @ApiProperty()
  membersScored!: number;

  @ApiProperty({ type: [EquityPointResponse], description: 'The last 52 snapshots, oldest first.' })
  trend!: EquityPointResponse[];
}

/** The store a figure is about, named as people name it; all null for the whole program. */
export class StoreLabelResponse {
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  storeId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'AMS-CENTRAL' })
  storeCode!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Amsterdam Central' })
  storeName!: string | null;
}

export class ClvSegmentResponse extends StoreLabelResponse {
  @ApiProperty({ description: 'The tier, the store’s code or the acquisition channel.' })
  segment!: string;

  @ApiProperty()
  members!: number;

  @ApiProperty()
  clvMinor!: number;

  @ApiProperty()
  meanClvMinor!: number;

  @ApiProperty()
  medianClvMinor!: number;

  @ApiProperty()
  p90ClvMinor!: number;
}

export class ClvSegmentsResponse {
  @ApiProperty({ enum: ['tier', 'store', 'channel'] })
  by!: 'tier' | 'store' | 'channel';

  @ApiProperty({ type: [ClvSegmentResponse] })
  items!: ClvSegmentResponse[];
}

export class AcquisitionChannelResponse {
  @ApiProperty()
  channel!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'With by=campaign: the acquisition campaign; null for the channel’s other members.',
  })
  campaignId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'With by=campaign: its name.' })
  campaign!: string | null;

  @ApiProperty()
  members!: number;

  @ApiProperty()
  acquisitionCostMinor!: number;

  @ApiProperty({ description: 'Mean CLV before the acquisition cost is taken off.' })
  meanGrossClvMinor!: number;

  @ApiProperty()
  revenueLast12MonthsMinor!: number;

  @ApiProperty({ description: 'Acquisition cost per member.' })
  cacMinor!: number;

  @ApiProperty(nullableNumber('Mean gross CLV over CAC; null when acquiring cost nothing.'))
  clvToCac!: number | null;

  @ApiProperty({ description: 'Revenue per member and month over the last 12 months.' })
  arpuMonthlyMinor!: number;

  @ApiProperty(nullableNumber('Months of margin on that revenue that pay the CAC back.'))
  cacPaybackMonths!: number | null;
}

export class AcquisitionResponse {
  @ApiProperty({ description: 'The margin of the value policy in force (1 without one).' })
  margin!: number;

  @ApiProperty({ type: [AcquisitionChannelResponse] })
  items!: AcquisitionChannelResponse[];
}

export class RetentionPeriodResponse {
  @ApiProperty({ format: 'date-time' })
  periodStart!: string;

  @ApiProperty({ description: 'Members who bought in the period before.' })
  activeAtStart!: number;

  @ApiProperty({ description: 'Of those, members who bought in this period too.' })
  retained!: number;

  @ApiProperty({ description: 'Members who bought in this period and not in the one before.' })
  newlyActive!: number;

  @ApiProperty(nullableNumber('retained / activeAtStart, to four decimals.'))
  retentionRate!: number | null;

  @ApiProperty(nullableNumber('1 − retentionRate.'))
  churnRate!: number | null;
}

export class RetentionResponse {
  @ApiProperty({ type: [RetentionPeriodResponse] })
  items!: RetentionPeriodResponse[];
}

export class ArpuPeriodResponse {
  @ApiProperty({ format: 'date-time' })
  periodStart!: string;

  @ApiProperty()
  revenueMinor!: number;

  @ApiProperty()
  membersAtStart!: number;

  @ApiProperty()
  membersAtEnd!: number;

  @ApiProperty(nullableNumber('Revenue over the average of membersAtStart and membersAtEnd.'))
  arpuMinor!: number | null;
}

export class ArpuResponse {
  @ApiProperty({ type: [ArpuPeriodResponse] })
  items!: ArpuPeriodResponse[];
}

export class ExpiringPointsResponse {
  @ApiProperty()
  withinDays!: number;

  @ApiProperty()
  points!: number;
}

export class ExpiryMonthResponse {
  @ApiProperty({ format: 'date-time', description: 'The month’s first instant, program time.' })
  monthStart!: string;

  @ApiProperty()
  points!: number;
}

export class PointsLiabilityResponse {
  @ApiProperty({ description: 'Points in members’ unexpired lots, pending ones included.' })
  outstanding!: number;

  @ApiProperty({ description: 'Points members owe (negative balances after a refund).' })
  owed!: number;

  @ApiProperty({ description: 'Earned points not yet available.' })
  pending!: number;

  @ApiProperty({
    description:
      'Points held against open orders at tills: still owed to members until captured, and not ' +
      'in outstanding (they left the lots when held).',
  })
  held!: number;

  @ApiProperty({
    description:
      'Points of vouchers issued and not yet used, returned or expired: the retailer owes what ' +
      'they give; not in outstanding (they left the lots when claimed).',
  })
  inVouchers!: number;

  @ApiProperty({ type: [ExpiringPointsResponse] })
  expiring!: readonly ExpiringPointsResponse[];

  @ApiProperty({
    type: [ExpiryMonthResponse],
    description:
      'The expiry forecast: points that will expire in each of the next 12 months (the program’s ' +
      'time zone) unless members spend them first.',
  })
  expiryByMonth!: readonly ExpiryMonthResponse[];
}

/** One period's answers about one store, or about the program (the store's fields null). */
export class SurveyPeriodResponse extends StoreLabelResponse {
  @ApiProperty({ format: 'date-time' })
  periodStart!: string;

  @ApiProperty()
  npsAnswers!: number;

  @ApiProperty()
  promoters!: number;

  @ApiProperty()
  passives!: number;

  @ApiProperty()
  detractors!: number;

  @ApiProperty()
  csatAnswers!: number;

  @ApiProperty()
  satisfied!: number;

  @ApiProperty()
  cesAnswers!: number;

  @ApiProperty({ type: Number, nullable: true })
  cesMean!: number | null;

  @ApiProperty(nullableNumber('% promoters − % detractors, to one decimal.'))
  nps!: number | null;

  @ApiProperty(nullableNumber('Share of 4–5 answers.'))
  csat!: number | null;

  @ApiProperty(nullableNumber('Mean effort, 1–7, lower is better.'))
  ces!: number | null;
}

export class SurveysResponse {
  @ApiProperty({ type: [SurveyPeriodResponse] })
  items!: SurveyPeriodResponse[];
}

export class SurveyAnswerResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'True when it replaced the member’s earlier answer of the month.' })
  replaced!: boolean;

  @ApiProperty({ format: 'date', description: 'The month the answer counts in.' })
  periodStart!: string;
}
