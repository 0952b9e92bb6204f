import {
  CurrentMember,
  CurrentStaff,
  MemberAccess,
  RateLimit,
  RateLimited,
  StaffAccess,
} from '@loyalty/auth';
import { type MemberPrincipal, StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnswerSurveyUseCase } from './answer-survey.use-case';
import { AcquisitionQuery, ClvSegmentQuery, PeriodQuery, SurveyRequest } from './insights.requests';
import {
  AcquisitionResponse,
  ArpuResponse,
  ClvSegmentsResponse,
  CustomerEquityResponse,
  PointsLiabilityResponse,
  RetentionResponse,
  SurveyAnswerResponse,
  SurveysResponse,
} from './insights.responses';
import {
  ClvDistributionResponse,
  CohortsResponse,
  TiersInsightResponse,
} from './dashboard.responses';
import { RewardsInsightsResponse } from './rewards-insights.responses';
import { ReadInsightsUseCase } from './read-insights.use-case';

/**
 * What marketing reads (admin and marketing roles): customer equity and its trend, CLV per
 * segment, CLV/CAC and payback per acquisition channel, churn and retention, ARPU, the points
 * liability, and the survey scores; and the member's survey answer. Definitions:
 * libs/domain/src/value/customer-metrics.ts.
 */
@ApiTags('insights')
@Controller({ version: '1' })
export class InsightsController {
  constructor(
    private readonly read: ReadInsightsUseCase,
    private readonly answerSurvey: AnswerSurveyUseCase,
  ) {}

  @Get('insights/customer-equity')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({ summary: 'Customer equity (the sum of CLV) now, and over the snapshots' })
  @ApiOkResponse({ type: CustomerEquityResponse })
  customerEquity(@CurrentStaff() staff: StaffPrincipal): Promise<CustomerEquityResponse> {
    return this.read.customerEquity(staff.programId);
  }

  @Get('insights/clv')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({ summary: 'CLV distribution per tier, store or acquisition channel' })
  @ApiOkResponse({ type: ClvSegmentsResponse })
  clv(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: ClvSegmentQuery,
  ): Promise<ClvSegmentsResponse> {
    return this.read.clvBySegment(staff.programId, query);
  }

  @Get('insights/clv-distribution')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({
    summary: 'How CLV is spread: a histogram on a log scale, with the tiers’ cut-offs',
  })
  @ApiOkResponse({ type: ClvDistributionResponse })
  clvDistribution(@CurrentStaff() staff: StaffPrincipal): Promise<ClvDistributionResponse> {
    return this.read.clvDistribution(staff.programId);
  }

  @Get('insights/tiers')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({ summary: 'Members per tier now, and the moves between tiers per period' })
  @ApiOkResponse({ type: TiersInsightResponse })
  tiers(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: PeriodQuery,
  ): Promise<TiersInsightResponse> {
    return this.read.tiers(staff.programId, query);
  }

  @Get('insights/cohorts')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({
    summary: 'Retention and churn by enrolment cohort, period by period since enrolment',
    description:
      'A cohort is the members enrolled in one period of the window; retention in a period = ' +
      'members of the cohort who bought in it / the cohort’s members. Only whole periods count.',
  })
  @ApiOkResponse({ type: CohortsResponse })
  cohorts(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: PeriodQuery,
  ): Promise<CohortsResponse> {
    return this.read.cohorts(staff.programId, query);
  }

  @Get('insights/acquisition')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({ summary: 'CAC, CLV/CAC and CAC payback per acquisition channel or campaign' })
  @ApiOkResponse({ type: AcquisitionResponse })
  acquisition(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: AcquisitionQuery,
  ): Promise<AcquisitionResponse> {
    return this.read.acquisition(staff.programId, query);
  }

  @Get('insights/retention')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({
    summary: 'Churn and retention per period',
    description:
      'Active in a period = bought in it. Retention = active in the period before and in this one / active in the period before; churn = 1 − retention.',
  })
  @ApiOkResponse({ type: RetentionResponse })
  retention(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: PeriodQuery,
  ): Promise<RetentionResponse> {
    return this.read.retention(staff.programId, query);
  }

  @Get('insights/arpu')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({ summary: 'Revenue per period over the average number of members in it' })
  @ApiOkResponse({ type: ArpuResponse })
  arpu(@CurrentStaff() staff: StaffPrincipal, @Query() query: PeriodQuery): Promise<ArpuResponse> {
    return this.read.arpu(staff.programId, query);
  }

  @Get('insights/points')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({ summary: 'The points liability: outstanding, owed, pending, expiring soon' })
  @ApiOkResponse({ type: PointsLiabilityResponse })
  points(@CurrentStaff() staff: StaffPrincipal): Promise<PointsLiabilityResponse> {
    return this.read.pointsLiability(staff.programId);
  }

  @Get('insights/rewards')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({
    summary: 'Rewards claimed and used, voucher breakage, referral conversion, campaign uplift',
    description: 'With caveats: what the figures cannot show (no control group, among others).',
  })
  @ApiOkResponse({ type: RewardsInsightsResponse })
  rewards(@CurrentStaff() staff: StaffPrincipal): Promise<RewardsInsightsResponse> {
    return this.read.rewards(staff.programId);
  }

  @Get('insights/surveys')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({
    summary: 'NPS, CSAT and CES per store and period',
    description:
      'NPS = % promoters (9–10) − % detractors (0–6); CSAT = share of 4–5 answers; CES = mean effort (1–7, lower is better).',
  })
  @ApiOkResponse({ type: SurveysResponse })
  surveys(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: PeriodQuery,
  ): Promise<SurveysResponse> {
    return this.read.surveys(staff.programId, query);
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
  @ApiCreatedResponse({ type: SurveyAnswerResponse })
  answer(
    @CurrentMember() member: MemberPrincipal,
    @Body() body: SurveyRequest,
  ): Promise<SurveyAnswerResponse> {
    return this.answerSurvey.execute(member, body);
  }
}
