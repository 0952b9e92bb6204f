import { CurrentMember, CurrentStaff, MemberAccess, StaffAccess } from '@loyalty/auth';
import { type MemberPrincipal, StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ManageRewardsCatalogUseCase } from './manage-rewards-catalog.use-case';
import {
  CreateRewardRequest,
  RewardIdParams,
  RewardTermsRequest,
  termsOf,
} from './rewards-catalog.requests';
import {
  MemberRewardListResponse,
  RewardDetailResponse,
  RewardListResponse,
  RewardResponse,
  RewardVersionResponse,
} from './rewards-catalog.responses';

const REWARD_NOT_FOUND = 'No reward of the program has this id.';

/**
 * The rewards catalog (docs/decisions/0018-rewards-catalog-and-vouchers.md): admins and marketing
 * publish it, every role of staff reads it, and members see what they may claim.
 */
@ApiTags('rewards-catalog')
@Controller({ version: '1' })
export class RewardsCatalogController {
  constructor(private readonly catalog: ManageRewardsCatalogUseCase) {}

  @Get('rewards-catalog')
  @StaffAccess(StaffPermission.ReadRewardsCatalog)
  @ApiOperation({ summary: 'Every reward of the catalog, as in force now (oldest first)' })
  @ApiOkResponse({ type: RewardListResponse })
  async list(@CurrentStaff() staff: StaffPrincipal): Promise<RewardListResponse> {
    const rewards = await this.catalog.list(staff.programId);
    return { items: rewards.map((reward) => RewardResponse.from(reward)) };
  }

  @Post('rewards-catalog')
  @StaffAccess(StaffPermission.ManageRewardsCatalog)
  @ApiOperation({
    summary: 'Add a reward to the catalog (admins, marketing)',
    description: 'Its first version; PUT /v1/rewards-catalog/{rewardId} publishes the next.',
  })
  @ApiCreatedResponse({ type: RewardDetailResponse })
  @ApiConflictResponse({
    type: ProblemDetails,
    description: 'The program has a reward of this code.',
  })
  async create(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: CreateRewardRequest,
  ): Promise<RewardDetailResponse> {
    const rewardId = await this.catalog.create(
      staff.programId,
      body.code,
      termsOf(body),
      body.effectiveFrom ? new Date(body.effectiveFrom) : new Date(),
      staff.staffId,
    );
    return this.detailOf(staff.programId, rewardId);
  }

  @Get('rewards-catalog/:rewardId')
  @StaffAccess(StaffPermission.ReadRewardsCatalog)
  @ApiOperation({ summary: 'A reward as in force now, with every version (newest first)' })
  @ApiOkResponse({ type: RewardDetailResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: REWARD_NOT_FOUND })
  read(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: RewardIdParams,
  ): Promise<RewardDetailResponse> {
    return this.detailOf(staff.programId, params.rewardId);
  }

  @Put('rewards-catalog/:rewardId')
  @StaffAccess(StaffPermission.ManageRewardsCatalog)
  @ApiOperation({
    summary: 'Publish a new version of a reward’s terms (admins, marketing)',
    description:
      'Versions never change: vouchers keep the terms they were claimed under. Its stock ' +
      'counts every voucher claimed under any version. active: false withdraws it.',
  })
  @ApiOkResponse({ type: RewardDetailResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: REWARD_NOT_FOUND })
  async publish(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: RewardIdParams,
    @Body() body: RewardTermsRequest,
  ): Promise<RewardDetailResponse> {
    await this.catalog.publish(
      staff.programId,
      params.rewardId,
      termsOf(body),
      body.effectiveFrom ? new Date(body.effectiveFrom) : new Date(),
      staff.staffId,
    );
    return this.detailOf(staff.programId, params.rewardId);
  }

  @Get('me/rewards')
  @MemberAccess()
  @ApiOperation({
    summary: 'The rewards the member may claim now, and why not where they may not',
    description:
      'Every active reward inside its availability window, with claimable and every reason ' +
      'that stands in the way: not_enough_points, tier, out_of_stock, limit_reached.',
  })
  @ApiOkResponse({ type: MemberRewardListResponse })
  @ApiGoneResponse({ type: ProblemDetails, description: 'The member erased their data.' })
  async memberCatalog(@CurrentMember() member: MemberPrincipal): Promise<MemberRewardListResponse> {
    const entries = await this.catalog.memberCatalog(member.programId, member.memberId);
    return {
      items: entries.map(({ reward, refusals }) => ({
        ...RewardResponse.from(reward),
        claimable: refusals.length === 0,
        refusals: [...refusals],
      })),
    };
  }

  private async detailOf(programId: string, rewardId: string): Promise<RewardDetailResponse> {
    const { reward, versions } = await this.catalog.detail(programId, rewardId);
    return {
      ...RewardResponse.from(reward),
      versions: versions.map((version) => RewardVersionResponse.from(version)),
    };
  }
}
