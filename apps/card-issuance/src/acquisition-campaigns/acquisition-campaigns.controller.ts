import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  AcquisitionCampaignIdParams,
  CreateAcquisitionCampaignRequest,
  ListAcquisitionCampaignsQuery,
  UpdateAcquisitionCampaignRequest,
} from './acquisition-campaigns.requests';
import {
  AcquisitionCampaignListResponse,
  AcquisitionCampaignResponse,
} from './acquisition-campaigns.responses';
import { ManageAcquisitionCampaignsUseCase } from './manage-acquisition-campaigns.use-case';
import { IdempotentWrite } from '../common/idempotent-write';

@ApiTags('marketing')
@Controller({ path: 'acquisition-campaigns', version: '1' })
export class AcquisitionCampaignsController {
  constructor(private readonly campaigns: ManageAcquisitionCampaignsUseCase) {}

  @Post()
  @StaffAccess(StaffPermission.ManageAcquisitionCampaigns)
  @IdempotentWrite('start-acquisition-campaign')
  @ApiOperation({ summary: 'Start an acquisition campaign: channel, period and spend (marketing)' })
  @ApiCreatedResponse({ type: AcquisitionCampaignResponse })
  @ApiBadRequestResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The name is taken.' })
  async create(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: CreateAcquisitionCampaignRequest,
  ): Promise<AcquisitionCampaignResponse> {
    return AcquisitionCampaignResponse.from(await this.campaigns.create(staff, body));
  }

  @Get()
  @StaffAccess(StaffPermission.ReadAcquisitionCampaigns)
  @ApiOperation({
    summary: 'The acquisition campaigns, with what each member they acquired cost',
    description: '`show=running` lists those a clerk may pick at enrolment today.',
  })
  @ApiOkResponse({ type: AcquisitionCampaignListResponse })
  async list(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: ListAcquisitionCampaignsQuery,
  ): Promise<AcquisitionCampaignListResponse> {
    const campaigns = await this.campaigns.list(staff, query.show === 'running');
    return { items: campaigns.map((campaign) => AcquisitionCampaignResponse.from(campaign)) };
  }

  @Patch(':campaignId')
  @StaffAccess(StaffPermission.ManageAcquisitionCampaigns)
  @IdempotentWrite('change-acquisition-campaign')
  @ApiOperation({
    summary: 'Update a campaign’s spend to date, end or name (marketing)',
    description: 'Its members’ acquisition cost (spend / members acquired) follows at once.',
  })
  @ApiOkResponse({ type: AcquisitionCampaignResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async update(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: AcquisitionCampaignIdParams,
    @Body() body: UpdateAcquisitionCampaignRequest,
  ): Promise<AcquisitionCampaignResponse> {
    return AcquisitionCampaignResponse.from(
      await this.campaigns.update(staff, params.campaignId, body),
    );
  }
}
