import { CurrentMember, CurrentStaff, MemberAccess, StaffAccess } from '@loyalty/auth';
import {
  checkTierLadder,
  type MemberPrincipal,
  StaffPermission,
  type StaffPrincipal,
} from '@loyalty/domain';
import { ProgramSettings } from '@loyalty/ledger';
import { ValuePolicyRepository, ValueScoringRepository } from '@loyalty/persistence';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  MyTierResponse,
  toValuePolicy,
  ValuePolicyListResponse,
  ValuePolicyRequest,
  ValuePolicyResponse,
} from './value-policy.requests';

const DAY_MS = 86_400_000;

@ApiTags('value')
@Controller({ version: '1' })
export class ValueController {
  constructor(
    private readonly policies: ValuePolicyRepository,
    private readonly scoring: ValueScoringRepository,
    private readonly settings: ProgramSettings,
  ) {}

  @Get('value-policies')
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({ summary: 'Every version of the value policy (tiers, CLV assumptions)' })
  @ApiOkResponse({ type: ValuePolicyListResponse })
  async list(@CurrentStaff() staff: StaffPrincipal): Promise<ValuePolicyListResponse> {
    const versions = await this.policies.list(staff.programId);
    return { items: versions.map((version) => ValuePolicyResponse.from(version)) };
  }

  @Post('value-policies')
  @StaffAccess(StaffPermission.ManageValuePolicy)
  @ApiOperation({
    summary: 'Publish a new version of the value policy',
    description:
      'Tiers, their CLV thresholds or percentile bands, multipliers and upgrade rewards.',
  })
  @ApiCreatedResponse({ type: ValuePolicyResponse })
  @ApiBadRequestResponse({ type: ProblemDetails })
  async publish(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: ValuePolicyRequest,
  ): Promise<ValuePolicyResponse> {
    checkTierLadder(body);
    const version = await this.policies.publish(
      staff.programId,
      toValuePolicy(body),
      body.effectiveFrom ? new Date(body.effectiveFrom) : new Date(),
      staff.staffId,
    );
    this.settings.forget(staff.programId);
    return ValuePolicyResponse.from(version);
  }

  @Get('me/tier')
  @MemberAccess()
  @ApiTags('me')
  @ApiOperation({ summary: 'My tier, since when, and how far the next one is' })
  @ApiOkResponse({ type: MyTierResponse })
  async myTier(@CurrentMember() member: MemberPrincipal): Promise<MyTierResponse> {
    const now = new Date();
    const policyVersion = await this.policies.inForceAt(member.programId, now);
    const [state] = [...(await this.scoring.tierStates([member.memberId])).values()];
    const score = await this.scoring.score(member.memberId);
    const policy = policyVersion?.policy;
    const index = policy && state ? policy.tiers.findIndex((tier) => tier.name === state.tier) : -1;
    const current = index >= 0 ? policy!.tiers[index] : undefined;
    const next = index >= 0 ? policy!.tiers[index + 1] : undefined;
    let nextTier: MyTierResponse['nextTier'] = null;
    if (policyVersion && next && score) {
      const cutoffs = await this.scoring.currentCutoffs(policyVersion);
      const from = Math.max(cutoffs[index]!.minClvMinor, 0);
      const to = cutoffs[index + 1]!.minClvMinor;
      const progress = Number.isFinite(to) && to > from ? (score.clvMinor - from) / (to - from) : 0;
      nextTier = {
        name: next.name,
        progress: Math.min(Math.max(progress, 0), 1),
        earningMultiplierBp: next.earningMultiplierBp,
        upgradeRewardPoints: next.upgradeRewardPoints,
      };
    }
    return {
      tier: state?.tier ?? null,
      since: state?.since.toISOString() ?? null,
      earningMultiplierBp: current?.earningMultiplierBp ?? 10000,
      heldUntil:
        state?.belowSince && policy
          ? new Date(state.belowSince.getTime() + policy.downgradeGraceDays * DAY_MS).toISOString()
          : null,
      nextTier,
    };
  }
}
