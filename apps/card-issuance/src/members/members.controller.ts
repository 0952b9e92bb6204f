import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CardResponse } from '../common/card.responses';
import { MemberResponse } from '../common/member.responses';
import { EnrolMemberRequest, FindMembersRequest, MemberIdParams } from './members.requests';
import { EnrolMemberUseCase } from './enrol-member.use-case';
import { GetMemberUseCase } from './get-member.use-case';
import { SearchMembersUseCase } from './search-members.use-case';
import { IdempotentWrite } from '../common/idempotent-write';
import { EnrolmentResponse, MemberListResponse } from './members.responses';

@ApiTags('members')
@Controller({ path: 'members', version: '1' })
export class MembersController {
  constructor(
    private readonly enrolMember: EnrolMemberUseCase,
    private readonly getMember: GetMemberUseCase,
    private readonly searchMembers: SearchMembersUseCase,
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

  @Get(':memberId')
  @StaffAccess(StaffPermission.ReadMembers)
  @ApiOperation({ summary: 'One member of the program' })
  @ApiOkResponse({ type: MemberResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async get(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: MemberIdParams,
  ): Promise<MemberResponse> {
    return MemberResponse.from(await this.getMember.execute(staff.programId, params.memberId));
  }
}
