import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ManageValuePoliciesUseCase } from './manage-value-policies.use-case';
import { toValuePolicy, ValuePolicyRequest } from './value-policies.requests';
import { ValuePolicyListResponse, ValuePolicyResponse } from './value-policies.responses';

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
