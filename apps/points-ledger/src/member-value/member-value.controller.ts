import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { MemberIdParams } from '../points/points.requests';
import { MemberValueResponse } from './member-value.responses';
import { ReadMemberValueUseCase } from './read-member-value.use-case';

@ApiTags('members')
@Controller({ version: '1' })
export class MemberValueController {
  constructor(private readonly readMemberValue: ReadMemberValueUseCase) {}

  @Get('members/:memberId/value')
  @StaffAccess(StaffPermission.ReadMemberValue)
  @ApiOperation({
    summary: 'A member’s CLV with its inputs, their tier, and the reason for each tier decision',
  })
  @ApiOkResponse({ type: MemberValueResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No member of the program.' })
  @ApiGoneResponse({ type: ProblemDetails, description: 'The member erased their data.' })
  read(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: MemberIdParams,
  ): Promise<MemberValueResponse> {
    return this.readMemberValue.execute(staff.programId, params.memberId);
  }
}
