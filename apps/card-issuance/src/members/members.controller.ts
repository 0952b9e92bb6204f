import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CardResponse } from '../common/card.responses';
import { MemberResponse } from '../common/member.responses';
import {
  EnrolMemberRequest,
  FindMembersRequest,
  MemberIdParams,
  MergeMemberRequest,
} from './members.requests';
import { EnrolMemberUseCase } from './enrol-member.use-case';
import { GetMemberUseCase } from './get-member.use-case';
import { SearchMembersUseCase } from './search-members.use-case';
import { MergeMembersUseCase } from './merge-members.use-case';
import { IdempotentWrite } from '../common/idempotent-write';
import { EnrolmentResponse, MemberListResponse, MemberMergeResponse } from './members.responses';

@ApiTags('members')
@Controller({ path: 'members', version: '1' })
export class MembersController {
  constructor(
    private readonly enrolMember: EnrolMemberUseCase,
    private readonly getMember: GetMemberUseCase,
    private readonly searchMembers: SearchMembersUseCase,
    private readonly mergeMembers: MergeMembersUseCase,
  ) {}

  @Post()
  @StaffAccess(StaffPermission.EnrolMembers)
  @IdempotentWrite('enrol-member')
  @ApiOperation({ summary: 'Enrol a member and hand them their first card' })
  @ApiCreatedResponse({ type: EnrolmentResponse })
  @ApiBadRequestResponse({ type: ProblemDetails })
  @ApiConflictResponse({
    type: ProblemDetails,
    description: 'The email or phone is already enrolled, or the stock card is not available.',
  })
  async enrol(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: EnrolMemberRequest,
  ): Promise<EnrolmentResponse> {
    const { member, card } = await this.enrolMember.execute(staff, body);
    return { member: MemberResponse.from(member), card: CardResponse.from(card) };
  }

  @Get()
  @StaffAccess(StaffPermission.ReadMembers)
  @ApiOperation({
    summary: 'Search and list the members of the program',
    description:
      '`q` is what the clerk typed: the start of any word of the name (any case or accent), an ' +
      'email, a phone in national or international form, or a card number. `name`, `email`, ' +
      '`phone` and `cardNumber` match only their own field; with none of them, the program’s ' +
      'members are listed. The filters narrow either. Newest enrolment first, a page at a time; ' +
      'erased members are never found.',
  })
  @ApiOkResponse({ type: MemberListResponse })
  @ApiBadRequestResponse({ type: ProblemDetails, description: 'A malformed field or cursor.' })
  async find(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: FindMembersRequest,
  ): Promise<MemberListResponse> {
    const page = await this.searchMembers.execute(staff.programId, query);
    return {
      items: page.items.map((member) => MemberResponse.from(member)),
      nextCursor: page.nextCursor,
    };
  }

  @Post(':memberId/merge')
  @HttpCode(200)
  @StaffAccess(StaffPermission.MergeMembers)
  @IdempotentWrite('merge-member')
  @ApiOperation({
    summary: 'Merge a duplicate (this member) into another member (managers, admins)',
    description:
      'Moves the duplicate’s cards, points (lot by lot, each keeping its expiry, in a journal ' +
      'transaction), purchases, tier history and survey answers; the other member keeps their ' +
      'own name and contact details and takes the duplicate’s only where they have none. The ' +
      'duplicate answers 410 MEMBER_MERGED with mergedIntoMemberId from then on. A manager ' +
      'merges members of their own store; refused while the duplicate has points held at a till.',
  })
  @ApiOkResponse({ type: MemberMergeResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'Either member is not found.' })
  @ApiConflictResponse({ type: ProblemDetails, description: 'Points held at a till.' })
  @ApiGoneResponse({
    type: ProblemDetails,
    description: 'Either member was erased or already merged (mergedIntoMemberId says where).',
  })
  async merge(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: MemberIdParams,
    @Body() body: MergeMemberRequest,
  ): Promise<MemberMergeResponse> {
    const merge = await this.mergeMembers.execute(staff, params.memberId, body);
    return {
      mergeId: merge.mergeId,
      duplicateMemberId: merge.duplicateMemberId,
      member: MemberResponse.from(merge.survivor),
      transactionId: merge.transactionId,
      points: merge.points,
      moved: merge.moved,
    };
  }

  @Get(':memberId')
  @StaffAccess(StaffPermission.ReadMembers)
  @ApiOperation({ summary: 'One member of the program' })
  @ApiOkResponse({ type: MemberResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiGoneResponse({
    type: ProblemDetails,
    description: 'A duplicate merged into another member: mergedIntoMemberId names it.',
  })
  async get(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: MemberIdParams,
  ): Promise<MemberResponse> {
    return MemberResponse.from(await this.getMember.execute(staff.programId, params.memberId));
  }
}
