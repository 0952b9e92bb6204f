import {
  acquisitionEconomics,
  arpuOf,
  DomainError,
  DomainErrorCode,
  retentionOf,
  surveyScores,
} from '@loyalty/domain';
import { MemberResolver } from '@loyalty/ledger';
import { InsightsRepository, type PeriodWindow, ValuePolicyRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import type { ClvSegmentQuery, PeriodQuery } from './insights.requests';
import type {
  AcquisitionResponse,
  ArpuResponse,
  ClvSegmentsResponse,
  CustomerEquityResponse,
  PointsLiabilityResponse,
  RetentionResponse,
  SurveysResponse,
} from './insights.responses';

const PERIOD_DAYS = { week: 7, month: 30.4375, quarter: 91.3125 } as const;
const DAY_MS = 86_400_000;
/** How many equity snapshots the trend shows: a year of weekly ones. */
const EQUITY_TREND_POINTS = 52;
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
  ) {}

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
