import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ManageValuePoliciesUseCase } from './manage-value-policies.use-case';
import { toValuePolicy, ValuePolicyRequest } from './value-policies.requests';
import {
  ValuePolicyListResponse,
  ValuePolicyPreviewResponse,
  ValuePolicyResponse,
} from './value-policies.responses';

@ApiTags('value')
@Controller({ path: 'value-policies', version: '1' })
export class ValuePoliciesController {
  constructor(private readonly valuePolicies: ManageValuePoliciesUseCase) {}

  @Get()
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({ summary: 'Every version of the value policy (tiers, CLV assumptions)' })
  @ApiOkResponse({ type: ValuePolicyListResponse })
  async list(@CurrentStaff() staff: StaffPrincipal): Promise<ValuePolicyListResponse> {
    const versions = await this.valuePolicies.list(staff.programId);
    return { items: versions.map((version) => ValuePolicyResponse.from(version)) };
  }

  @Post('preview')
  @HttpCode(200)
  @StaffAccess(StaffPermission.ManageValuePolicy)
  @ApiOperation({
    summary: 'What publishing a draft policy would do to the tiers: who moves, which way',
    description:
      'Every scored member placed by their CLV of today against the draft’s cut-offs, against ' +
      'the tier they hold now. Nothing is written; the draft is checked as a publish would be.',
  })
  @ApiOkResponse({ type: ValuePolicyPreviewResponse })
  @ApiBadRequestResponse({ type: ProblemDetails })
  preview(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: ValuePolicyRequest,
  ): Promise<ValuePolicyPreviewResponse> {
    return this.valuePolicies.preview(staff.programId, toValuePolicy(body));
  }

  @Post()
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
    const version = await this.valuePolicies.publish(
      staff.programId,
      toValuePolicy(body),
      body.effectiveFrom ? new Date(body.effectiveFrom) : new Date(),
      staff.staffId,
    );
    return ValuePolicyResponse.from(version);
  }
}
