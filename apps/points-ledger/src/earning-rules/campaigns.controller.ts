import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ManageEarningRulesUseCase } from '@loyalty/ledger';
import { CampaignBudgetRepository } from '@loyalty/persistence';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';

export class CampaignSpendResponse {
  @ApiProperty({ example: 'double-points-weekend' })
  code!: string;

  @ApiProperty({ description: 'The latest version of the earning rules that has it.' })
  earningRulesVersion!: number;

  @ApiProperty({ format: 'date-time' })
  startsAt!: string;

  @ApiProperty({ format: 'date-time' })
  endsAt!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Null is unbounded.' })
  budgetPoints!: number | null;

  @ApiProperty({ description: 'Points it has credited, over every purchase.' })
  spentPoints!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Null is unbounded.' })
  leftPoints!: number | null;

  @ApiProperty({ description: 'Purchases it credited.' })
  purchases!: number;

  @ApiProperty({ description: 'Members it credited.' })
  members!: number;
}

export class CampaignSpendListResponse {
  @ApiProperty({ type: [CampaignSpendResponse] })
  items!: CampaignSpendResponse[];
}

/** Marketing's view of the bonus campaigns: what each budget spent and has left. */
@ApiTags('earning-rules')
@Controller({ path: 'campaigns', version: '1' })
export class CampaignsController {
  constructor(
    private readonly earningRules: ManageEarningRulesUseCase,
    private readonly budgets: CampaignBudgetRepository,
  ) {}

  @Get()
  @StaffAccess(StaffPermission.ReadInsights)
  @ApiOperation({
    summary: 'Every bonus campaign of the earning rules, with its budget spent and left',
    description:
      'Spent counts only campaigns with a budget or a member limit (the others do not count ' +
      'what they credit); a campaign is described by the latest version of the rules with it.',
  })
  @ApiOkResponse({ type: CampaignSpendListResponse })
  async list(@CurrentStaff() staff: StaffPrincipal): Promise<CampaignSpendListResponse> {
    const versions = await this.earningRules.list(staff.programId);
    const spends = await this.budgets.spends(staff.programId);
    const latest = new Map<string, CampaignSpendResponse>();
    // Newest version first: the first sighting of a code is its latest definition.
    for (const version of versions) {
      for (const campaign of version.rules.campaigns) {
        if (latest.has(campaign.code)) continue;
        const spend = spends.get(campaign.code);
        const spentPoints = spend?.spentPoints ?? 0;
        latest.set(campaign.code, {
          code: campaign.code,
          earningRulesVersion: version.version,
          startsAt: campaign.startsAt.toISOString(),
          endsAt: campaign.endsAt.toISOString(),
          budgetPoints: campaign.budgetPoints,
          spentPoints,
          leftPoints:
            campaign.budgetPoints === null
              ? null
              : Math.max(campaign.budgetPoints - spentPoints, 0),
          purchases: spend?.purchases ?? 0,
          members: spend?.members ?? 0,
        });
      }
    }
    return { items: [...latest.values()] };
  }
}
