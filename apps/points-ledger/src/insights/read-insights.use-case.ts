import {
  acquisitionEconomics,
  arpuOf,
  DomainError,
  DomainErrorCode,
  retentionOf,
  surveyScores,
} from '@loyalty/domain';
import { CLV_BANDS_PER_DECADE } from '@loyalty/persistence';
import { MemberResolver } from '@loyalty/ledger';
import {
  EarningRulesRepository,
  InsightsRepository,
  type PeriodWindow,
  RewardsInsightsRepository,
  ValuePolicyRepository,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import type { AcquisitionQuery, ClvSegmentQuery, PeriodQuery } from './insights.requests';
import type {
  AcquisitionResponse,
  ArpuResponse,
  ClvSegmentsResponse,
  CustomerEquityResponse,
  PointsLiabilityResponse,
  RetentionResponse,
  SurveysResponse,
} from './insights.responses';
import type {
  ClvDistributionResponse,
  CohortsResponse,
  TiersInsightResponse,
} from './dashboard.responses';
import type { RewardsInsightsResponse } from './rewards-insights.responses';

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

  async acquisition(
    programId: string,
    query: AcquisitionQuery = {},
    now = new Date(),
  ): Promise<AcquisitionResponse> {
    const margin = (await this.policies.inForceAt(programId, now))?.policy.margin ?? 1;
    const rows = await this.insights.acquisition(programId, now, query.by ?? 'channel');
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

  async pointsLiability(programId: string): Promise<PointsLiabilityResponse> {
    const program = await this.memberResolver.program(programId);
    const liability = await this.insights.pointsLiability(
      programId,
      new Date(),
      EXPIRY_HORIZONS_DAYS,
      program.timezone,
    );
    return {
      ...liability,
      expiryByMonth: liability.expiryByMonth.map((month) => ({
        monthStart: month.monthStart.toISOString(),
        points: month.points,
      })),
    };
  }

  /**
   * The CLV histogram on a log scale, every band between the lowest and the highest present
   * (empty ones too, so the shape reads true), with the tiers' cut-offs of the policy in force.
   */
  async clvDistribution(programId: string, now = new Date()): Promise<ClvDistributionResponse> {
    const [program, policy] = await Promise.all([
      this.memberResolver.program(programId),
      this.policies.inForceAt(programId, now),
    ]);
    const higherTiers = policy?.policy.tiers.slice(1) ?? [];
    const percentileTiers = policy?.policy.tierBasis === 'percentile';
    const distribution = await this.insights.clvDistribution(
      programId,
      percentileTiers ? higherTiers.map((tier) => (tier.minPercentile ?? 100) / 100) : [],
    );
    const counts = new Map(distribution.bands.map((band) => [band.band, band.members]));
    const bandNumbers = distribution.bands.map((band) => band.band);
    const bins = [];
    if (bandNumbers.length > 0) {
      for (let band = Math.min(...bandNumbers); band <= Math.max(...bandNumbers); band += 1) {
        bins.push({
          fromMinor: Math.round(10 ** (band / CLV_BANDS_PER_DECADE)),
          toMinor: Math.round(10 ** ((band + 1) / CLV_BANDS_PER_DECADE)),
          members: counts.get(band) ?? 0,
        });
      }
    }
    return {
      currency: program.currency,
      membersScored: distribution.scored,
      nonPositive: distribution.nonPositive,
      bins,
      tierBasis: policy?.policy.tierBasis ?? null,
      tierCutoffs: higherTiers.map((tier, index) => ({
        tier: tier.name,
        minClvMinor: percentileTiers
          ? (distribution.percentiles[index] ?? null)
          : (tier.minClvMinor ?? null),
        minPercentile: percentileTiers ? (tier.minPercentile ?? null) : null,
      })),
    };
  }

  /** Members per tier now, and the moves between tiers in each period of the window. */
  async tiers(programId: string, query: PeriodQuery): Promise<TiersInsightResponse> {
    const window = await this.window(programId, query);
    const [counts, flows, policy] = await Promise.all([
      this.insights.tierCounts(programId),
      this.insights.tierFlows(programId, window),
      this.policies.inForceAt(programId, window.to),
    ]);
    const order = (policy?.policy.tiers ?? []).map((tier) => tier.name);
    const rank = (tier: string) => (order.includes(tier) ? order.indexOf(tier) : order.length);
    const members = [
      ...order.map((tier) => ({
        tier,
        members: counts.find((count) => count.tier === tier)?.members ?? 0,
      })),
      ...counts.filter((count) => !order.includes(count.tier)).map((count) => ({ ...count })),
    ];
    const periods = new Map<string, TiersInsightResponse['periods'][number]>();
    for (const flow of flows) {
      const periodStart = flow.periodStart.toISOString();
      const period = periods.get(periodStart) ?? { periodStart, flows: [] };
      period.flows.push({ fromTier: flow.fromTier, toTier: flow.toTier, members: flow.members });
      periods.set(periodStart, period);
    }
    for (const period of periods.values()) {
      period.flows.sort(
        (a, b) =>
          (a.fromTier === null ? -1 : rank(a.fromTier)) -
            (b.fromTier === null ? -1 : rank(b.fromTier)) || rank(a.toTier) - rank(b.toTier),
      );
    }
    return { members, periods: [...periods.values()] };
  }

  /** Retention and churn by enrolment cohort, period by period since enrolment. */
  async cohorts(programId: string, query: PeriodQuery): Promise<CohortsResponse> {
    const window = await this.window(programId, query);
    const rows = await this.insights.cohorts(programId, window);
    const cohorts = new Map<string, CohortsResponse['items'][number]>();
    for (const row of rows) {
      const cohortStart = row.cohortStart.toISOString();
      const cohort = cohorts.get(cohortStart) ?? { cohortStart, members: row.members, periods: [] };
      cohort.periods.push({
        periodStart: row.periodStart.toISOString(),
        periodsSinceEnrolment: cohort.periods.length,
        active: row.active,
        ...retentionOf(row.active, row.members),
      });
      cohorts.set(cohortStart, cohort);
    }
    return { period: window.period, items: [...cohorts.values()] };
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
