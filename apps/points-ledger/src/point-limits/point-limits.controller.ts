import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type ProgramPointLimits, type StaffPrincipal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ManagePointLimitsUseCase } from './manage-point-limits.use-case';
import { PointLimitsRequest } from './point-limits.requests';
import { PointLimitsResponse } from './point-limits.responses';

@ApiTags('program')
@Controller({ path: 'point-limits', version: '1' })
export class PointLimitsController {
  constructor(private readonly pointLimits: ManagePointLimitsUseCase) {}

  @Get()
  @StaffAccess(StaffPermission.ReadPoints)
  @ApiOperation({ summary: "The program's limits on tills, members and staff (decision 0009)" })
  @ApiOkResponse({ type: PointLimitsResponse })
  read(@CurrentStaff() staff: StaffPrincipal): Promise<ProgramPointLimits> {
    return this.pointLimits.read(staff.programId);
  }

  @Put()
  @StaffAccess(StaffPermission.ManagePointLimits)
  @ApiOperation({
    summary: "Replace the program's point limits (admins)",
    description: 'Other replicas of the ledger apply them within five seconds.',
  })
  @ApiOkResponse({ type: PointLimitsResponse })
  @ApiBadRequestResponse({ type: ProblemDetails })
  replace(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: PointLimitsRequest,
  ): Promise<ProgramPointLimits> {
    return this.pointLimits.replace(staff, body);
  }
}
