import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { Controller, Delete, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MemberResponse } from '../common/member.responses';
import { MemberIdParams } from '../members/members.requests';
import { MemberExportResponse } from './member-privacy.responses';
import { MemberPrivacyUseCase } from './member-privacy.use-case';
import { IdempotentWrite } from '../common/idempotent-write';

/** Data-subject requests a member makes at the desk, carried out by an admin. */
@ApiTags('members')
@Controller({ path: 'members/:memberId', version: '1' })
export class MemberPrivacyController {
  constructor(private readonly privacy: MemberPrivacyUseCase) {}

  @Get('export')
  @StaffAccess(StaffPermission.HandlePrivacyRequests)
  @ApiOperation({
    summary: 'Everything the program holds about a member, for a request received at the desk',
    description: 'Profile, cards with their history, points history, purchases, tiers, surveys.',
  })
  @ApiOkResponse({ type: MemberExportResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async exportData(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: MemberIdParams,
  ): Promise<MemberExportResponse> {
    return MemberExportResponse.from(
      await this.privacy.exportData(staff.programId, params.memberId),
    );
  }

  @Delete()
  @StaffAccess(StaffPermission.HandlePrivacyRequests)
  @IdempotentWrite('erase-member')
  @ApiOperation({
    summary: "Erase a member's personal data on their request (admins)",
    description:
      'As DELETE /v1/me: personal data cleared, cards blocked, points left forfeited, ' +
      'redemption codes and sessions ended. Erasing twice changes nothing more.',
  })
  @ApiOkResponse({ type: MemberResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async erase(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: MemberIdParams,
  ): Promise<MemberResponse> {
    return MemberResponse.from(
      await this.privacy.erase(staff.programId, params.memberId, {
        kind: 'staff',
        id: staff.staffId,
      }),
    );
  }
}
