import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import {
  DomainError,
  DomainErrorCode,
  type EarningRules,
  StaffPermission,
  type StaffPrincipal,
} from '@loyalty/domain';
import { ManageEarningRulesUseCase } from '@loyalty/ledger';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  EarningRulesPreviewRequest,
  EarningRulesRequest,
  toEarningRules,
} from './earning-rules.requests';
import {
  EarningRuleSetListResponse,
  EarningRuleSetResponse,
  EarningRulesPreviewResponse,
} from './earning-rules.responses';
import { PreviewEarningRulesUseCase } from './preview-earning-rules.use-case';

/**
 * The rules as the ledger takes them, with the checks that span fields: campaign codes unique in
 * a version (a budget is counted by code) and each campaign ending after it starts.
 */
function checkedEarningRules(body: EarningRulesRequest): EarningRules {
  const codes = new Set<string>();
  body.campaigns.forEach((campaign, index) => {
    if (codes.has(campaign.code)) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        'each campaign of a version has its own code: its budget is counted by it',
        `campaigns.${index}.code`,
      );
    }
    codes.add(campaign.code);
    if (Date.parse(campaign.endsAt) <= Date.parse(campaign.startsAt)) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        'a campaign ends after it starts',
        `campaigns.${index}.endsAt`,
      );
    }
  });
  return toEarningRules(body);
}

@ApiTags('earning-rules')
@Controller({ path: 'earning-rules', version: '1' })
export class EarningRulesController {
  constructor(
    private readonly earningRules: ManageEarningRulesUseCase,
    private readonly previewRules: PreviewEarningRulesUseCase,
  ) {}

  @Post('preview')
  @HttpCode(200)
  @StaffAccess(StaffPermission.ManageEarningRules)
  @ApiOperation({
    summary: 'What a sample basket would earn under draft rules, beside the rules in force',
    description:
      'The same computation as a purchase (base rate, product and tier multipliers, campaigns ' +
      'running at the basket’s time, the cap), before any campaign budget; writes nothing.',
  })
  @ApiOkResponse({ type: EarningRulesPreviewResponse })
  @ApiBadRequestResponse({ type: ProblemDetails })
  preview(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: EarningRulesPreviewRequest,
  ): Promise<EarningRulesPreviewResponse> {
    return this.previewRules.execute(staff.programId, checkedEarningRules(body.rules), body.basket);
  }

  @Get()
  @StaffAccess(StaffPermission.ReadPoints)
  @ApiOperation({ summary: 'Every version of the program’s earning rules, newest first' })
  @ApiOkResponse({ type: EarningRuleSetListResponse })
  async list(@CurrentStaff() staff: StaffPrincipal): Promise<EarningRuleSetListResponse> {
    const sets = await this.earningRules.list(staff.programId);
    return { items: sets.map((set) => EarningRuleSetResponse.from(set)) };
  }

  @Post()
  @StaffAccess(StaffPermission.ManageEarningRules)
  @ApiOperation({
    summary: 'Publish a new version of the earning rules',
    description:
      'Purchases earn by the version in force when they happened; versions never change.',
  })
  @ApiCreatedResponse({ type: EarningRuleSetResponse })
  @ApiBadRequestResponse({ type: ProblemDetails })
  async publish(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: EarningRulesRequest,
  ): Promise<EarningRuleSetResponse> {
    const rules = checkedEarningRules(body);
    const effectiveFrom = body.effectiveFrom ? new Date(body.effectiveFrom) : new Date();
    const set = await this.earningRules.publish(
      staff.programId,
      rules,
      effectiveFrom,
      staff.staffId,
    );
    return EarningRuleSetResponse.from(set);
  }
}
