import {
  acquisitionEconomics,
  arpuOf,
  DomainError,
  DomainErrorCode,
  retentionOf,
  surveyScores,
} from '@loyalty/domain';
import { MemberResolver } from '@loyalty/ledger';
import {
  EarningRulesRepository,
  InsightsRepository,
  type PeriodWindow,
  RewardsInsightsRepository,
  ValuePolicyRepository,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import type { ClvSegmentQuery, PeriodQuery } from './insights.requests';
import type {
  AcquisitionResponse,
  ArpuResponse,
  ClvSegmentsResponse,
  CustomerEquityResponse,
  PointsLiabilityResponse,
  RetentionResponse,
  RewardsInsightsResponse,
  SurveysResponse,
} from './insights.responses';

const PERIOD_DAYS = { week: 7, month: 30.4375, quarter: 91.3125 } as const;
const DAY_MS = 86_400_000;
/** How many equity snapshots the trend shows: a year of weekly ones. */
const EQUITY_TREND_POINTS = 52;
/** What the rewards insight cannot tell, said with it. */
const REWARDS_CAVEATS = [
  'Incremental purchases compare the campaign window with the window of the same length just ' +
    'before it, over every purchase of the program: there is no control group, so seasonality, ' +
    'other campaigns and a category-limited campaign’s other sales all count.',
  'Spent points are counted only for campaigns with a budget or a per-member limit.',
  'A voucher reinstated by a refund counts as issued again; its earlier redemption is not counted.',
  'Referred members’ CLV is compared over scored members only; referred members are newer, so ' +
    'their CLV rests on a shorter history.',
];

/** The horizons of the points that will expire, in days. */
const EXPIRY_HORIZONS_DAYS = [30, 90, 365];

/**
 * What marketing reads of a program: the figures the database aggregates, with the
 * customer-success arithmetic of libs/domain (customer-metrics.ts) applied.
 */
@Injectable()
export class ReadInsightsUseCase {
  constructor(
    private readonly insights: InsightsRepository,
    private readonly policies: ValuePolicyRepository,
    private readonly memberResolver: MemberResolver,
    private readonly rewardsInsights: RewardsInsightsRepository,
    private readonly earningRules: EarningRulesRepository,
  ) {}

  /** Rewards claimed and used, voucher breakage, referral conversion, campaign uplift. */
  async rewards(programId: string): Promise<RewardsInsightsResponse> {
    const latest = new Map<string, { code: string; startsAt: Date; endsAt: Date }>();
    for (const version of await this.earningRules.list(programId)) {
      for (const campaign of version.rules.campaigns) {
        if (!latest.has(campaign.code)) latest.set(campaign.code, campaign);
      }
    }
    const [rewards, vouchers, referrals, campaigns] = await Promise.all([
      this.rewardsInsights.rewards(programId),
      this.rewardsInsights.breakage(programId),
      this.rewardsInsights.referrals(programId),
      this.rewardsInsights.campaigns(programId, [...latest.values()]),
    ]);
    const closed = vouchers.redeemed + vouchers.returned + vouchers.expired;
    const settled = referrals.rewarded + referrals.refused;
    return {
      rewards: rewards.map((reward) => ({ ...reward })),
      vouchers: { ...vouchers, breakageRate: closed > 0 ? vouchers.expired / closed : null },
      referrals: {
        ...referrals,
        referred: { ...referrals.referred },
        others: { ...referrals.others },
        conversionRate: settled > 0 ? referrals.rewarded / settled : null,
      },
      campaigns: campaigns.map((campaign) => {
        const window = latest.get(campaign.code)!;
        const incremental = campaign.purchasesDuring - campaign.purchasesBefore;
        return {
          ...campaign,
          startsAt: window.startsAt.toISOString(),
          endsAt: window.endsAt.toISOString(),
          incrementalPurchases: incremental,
          pointsPerIncrementalPurchase: incremental > 0 ? campaign.spentPoints / incremental : null,
        };
      }),
      caveats: REWARDS_CAVEATS,
    };
  }

  async customerEquity(programId: string): Promise<CustomerEquityResponse> {
    const [current, trend] = await Promise.all([
      this.insights.customerEquity(programId),
      this.insights.equityTrend(programId, EQUITY_TREND_POINTS),
    ]);
    return {
      customerEquityMinor: current.equityMinor,
      membersScored: current.members,
      trend: trend.map((point) => ({ ...point, takenAt: point.takenAt.toISOString() })),
    };
  }

  async clvBySegment(programId: string, query: ClvSegmentQuery): Promise<ClvSegmentsResponse> {
    return { by: query.by, items: await this.insights.clvBySegment(programId, query.by) };
  }

  async acquisition(programId: string, now = new Date()): Promise<AcquisitionResponse> {
    const margin = (await this.policies.inForceAt(programId, now))?.policy.margin ?? 1;
    const rows = await this.insights.acquisition(programId, now);
    return {
      margin,
      items: rows.map((row) => ({ ...row, ...acquisitionEconomics(row, margin) })),
    };
  }

  async retention(programId: string, query: PeriodQuery): Promise<RetentionResponse> {
    const rows = await this.insights.retention(programId, await this.window(programId, query));
    return {
      items: rows.map((row) => ({
        ...row,
        periodStart: row.periodStart.toISOString(),
        ...retentionOf(row.retained, row.activeAtStart),
      })),
    };
  }

  async arpu(programId: string, query: PeriodQuery): Promise<ArpuResponse> {
    const rows = await this.insights.arpu(programId, await this.window(programId, query));
    return {
      items: rows.map((row) => ({
        ...row,
        periodStart: row.periodStart.toISOString(),
        arpuMinor: arpuOf(row.revenueMinor, row.membersAtStart, row.membersAtEnd),
      })),
    };
  }

  pointsLiability(programId: string): Promise<PointsLiabilityResponse> {
    return this.insights.pointsLiability(programId, new Date(), EXPIRY_HORIZONS_DAYS);
  }

  async surveys(programId: string, query: PeriodQuery): Promise<SurveysResponse> {
    const rows = await this.insights.surveys(programId, await this.window(programId, query));
    return {
      items: rows.map((row) => ({
        ...row,
        periodStart: row.periodStart.toISOString(),
        ...surveyScores(row),
      })),
    };
  }

  /** The periods asked for, in the program's time zone: 12 periods back from now by default. */
  private async window(programId: string, query: PeriodQuery): Promise<PeriodWindow> {
    const period = query.period ?? 'month';
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from
      ? new Date(query.from)
      : new Date(to.getTime() - 12 * PERIOD_DAYS[period] * DAY_MS);
    if (from >= to) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'from comes before to', 'from');
    }
    const program = await this.memberResolver.program(programId);
    return { period, from, to, timeZone: program.timezone };
  }
}
