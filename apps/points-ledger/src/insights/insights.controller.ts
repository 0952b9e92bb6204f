import {
  CurrentMember,
  CurrentStaff,
  MemberAccess,
  RateLimit,
  RateLimited,
  StaffAccess,
} from '@loyalty/auth';
import {
  DomainError,
  DomainErrorCode,
  type MemberPrincipal,
  StaffPermission,
  type StaffPrincipal,
} from '@loyalty/domain';
import { MemberResolver } from '@loyalty/ledger';
import {
  InsightsRepository,
  type PeriodWindow,
  StoreRepository,
  ValuePolicyRepository,
} from '@loyalty/persistence';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { ClvSegmentQuery, PeriodQuery, SurveyRequest } from './insights.requests';

const PERIOD_DAYS = { week: 7, month: 30.4375, quarter: 91.3125 } as const;
const DAY_MS = 86_400_000;
/** Rates to four decimals: a share, not a float's noise. */
const ratio = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

/**
 * What marketing reads (admin and marketing roles): customer equity and its trend, CLV per
 * segment, CLV/CAC and payback per acquisition channel, churn and retention, ARPU, the points
 * liability, and the survey scores. Definitions: docs/insights.md.
 */
@ApiTags('insights')
@Controller({ version: '1' })
export class InsightsController {
  constructor(
    private readonly insights: InsightsRepository,
    private readonly policies: ValuePolicyRepository,
    private readonly memberResolver: MemberResolver,
    private readonly stores: StoreRepository,
  ) {}

  @Get('insights/customer-equity')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({ summary: 'Customer equity (the sum of CLV) now, and over the snapshots' })
  @ApiOkResponse()
  async customerEquity(@CurrentStaff() staff: StaffPrincipal) {
    const [current, trend] = await Promise.all([
      this.insights.customerEquity(staff.programId),
      this.insights.equityTrend(staff.programId, 52),
    ]);
    return {
      customerEquityMinor: current.equityMinor,
      membersScored: current.members,
      trend: trend.map((point) => ({ ...point, takenAt: point.takenAt.toISOString() })),
    };
  }

  @Get('insights/clv')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({ summary: 'CLV distribution per tier, store or acquisition channel' })
  @ApiOkResponse()
  async clv(@CurrentStaff() staff: StaffPrincipal, @Query() query: ClvSegmentQuery) {
    return { by: query.by, items: await this.insights.clvBySegment(staff.programId, query.by) };
  }

  @Get('insights/acquisition')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({ summary: 'CAC, CLV/CAC and CAC payback per acquisition channel' })
  @ApiOkResponse()
  async acquisition(@CurrentStaff() staff: StaffPrincipal) {
    const now = new Date();
    const margin = (await this.policies.inForceAt(staff.programId, now))?.policy.margin ?? 1;
    const rows = await this.insights.acquisition(staff.programId, now);
    return {
      margin,
      items: rows.map((row) => {
        const cacMinor = row.members > 0 ? row.acquisitionCostMinor / row.members : 0;
        const arpuMonthlyMinor =
          row.members > 0 ? row.revenueLast12MonthsMinor / row.members / 12 : 0;
        return {
          ...row,
          cacMinor: Math.round(cacMinor),
          clvToCac:
            cacMinor > 0 ? Math.round((row.meanGrossClvMinor / cacMinor) * 100) / 100 : null,
          arpuMonthlyMinor: Math.round(arpuMonthlyMinor),
          cacPaybackMonths:
            cacMinor > 0 && arpuMonthlyMinor > 0
              ? Math.round((cacMinor / (arpuMonthlyMinor * margin)) * 10) / 10
              : null,
        };
      }),
    };
  }

  @Get('insights/retention')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({
    summary: 'Churn and retention per period',
    description:
      'Active in a period = bought in it. Retention = active in the period before and in this one / active in the period before; churn = 1 − retention.',
  })
  @ApiOkResponse()
  async retention(@CurrentStaff() staff: StaffPrincipal, @Query() query: PeriodQuery) {
    const rows = await this.insights.retention(staff.programId, await this.window(staff, query));
    return {
      items: rows.map((row) => {
        const retention = ratio(row.retained, row.activeAtStart);
        return {
          ...row,
          periodStart: row.periodStart.toISOString(),
          retentionRate: retention,
          churnRate: retention === null ? null : Math.round((1 - retention) * 10_000) / 10_000,
        };
      }),
    };
  }

  @Get('insights/arpu')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({ summary: 'Revenue per period over the average number of members in it' })
  @ApiOkResponse()
  async arpu(@CurrentStaff() staff: StaffPrincipal, @Query() query: PeriodQuery) {
    const rows = await this.insights.arpu(staff.programId, await this.window(staff, query));
    return {
      items: rows.map((row) => {
        const average = (row.membersAtStart + row.membersAtEnd) / 2;
        return {
          ...row,
          periodStart: row.periodStart.toISOString(),
          arpuMinor: average > 0 ? Math.round(row.revenueMinor / average) : null,
        };
      }),
    };
  }

  @Get('insights/points')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({ summary: 'The points liability: outstanding, owed, pending, expiring soon' })
  @ApiOkResponse()
  points(@CurrentStaff() staff: StaffPrincipal) {
    return this.insights.pointsLiability(staff.programId, new Date(), [30, 90, 365]);
  }

  @Get('insights/surveys')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({
    summary: 'NPS, CSAT and CES per store and period',
    description:
      'NPS = % promoters (9–10) − % detractors (0–6); CSAT = share of 4–5 answers; CES = mean effort (1–7, lower is better).',
  })
  @ApiOkResponse()
  async surveys(@CurrentStaff() staff: StaffPrincipal, @Query() query: PeriodQuery) {
    const rows = await this.insights.surveys(staff.programId, await this.window(staff, query));
    return {
      items: rows.map((row) => ({
        ...row,
        periodStart: row.periodStart.toISOString(),
        nps:
          row.npsAnswers > 0
            ? Math.round(((row.promoters - row.detractors) / row.npsAnswers) * 1000) / 10
            : null,
        csat: ratio(row.satisfied, row.csatAnswers),
        ces: row.cesMean === null ? null : Math.round(row.cesMean * 100) / 100,
      })),
    };
  }

  @Post('me/surveys')
  @HttpCode(201)
  @MemberAccess()
  @ApiTags('me')
  @RateLimited(RateLimit.SurveyByMember)
  @ApiOperation({
    summary: 'Answer the survey: NPS 0–10, CSAT 1–5, CES 1–7, a comment',
    description:
      'One voice per member, store and month: a new answer about the same store (or the ' +
      'program) in the same month replaces the earlier one (`replaced: true`).',
  })
  async answer(@CurrentMember() member: MemberPrincipal, @Body() body: SurveyRequest) {
    if (body.nps === undefined && body.csat === undefined && body.ces === undefined) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        'answer at least one of nps, csat and ces',
        'nps',
      );
    }
    if (body.storeId) {
      const store = await this.stores.findById(body.storeId);
      if (!store || store.programId !== member.programId) {
        throw new DomainError(
          DomainErrorCode.StoreNotFound,
          'no store of the program has this id',
          'storeId',
        );
      }
    }
    const recorded = await this.insights.recordSurvey({
      id: randomUUID(),
      programId: member.programId,
      memberId: member.memberId,
      storeId: body.storeId ?? null,
      nps: body.nps ?? null,
      csat: body.csat ?? null,
      ces: body.ces ?? null,
      comment: body.comment ?? null,
    });
    return recorded;
  }

  private async window(staff: StaffPrincipal, query: PeriodQuery): Promise<PeriodWindow> {
    const period = query.period ?? 'month';
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from
      ? new Date(query.from)
      : new Date(to.getTime() - 12 * PERIOD_DAYS[period] * DAY_MS);
    if (from >= to) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'from comes before to', 'from');
    }
    const program = await this.memberResolver.program(staff.programId);
    return { period, from, to, timeZone: program.timezone };
  }
}
