import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type ProgramPointLimits, type StaffPrincipal } from '@loyalty/domain';
import { ProgramSettings } from '@loyalty/ledger';
import { ProgramRepository } from '@loyalty/persistence';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, Put } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PointLimitsRequest } from './point-limits.requests';
import { PointLimitsResponse } from './point-limits.responses';

@ApiTags('program')
@Controller({ path: 'point-limits', version: '1' })
export class PointLimitsController {
  constructor(
    private readonly settings: ProgramSettings,
    private readonly programs: ProgramRepository,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(PointLimitsController.name);
  }

  @Get()
  @StaffAccess(StaffPermission.ReadPoints)
  @ApiOperation({ summary: "The program's limits on tills, members and staff (decision 0009)" })
  @ApiOkResponse({ type: PointLimitsResponse })
  async read(@CurrentStaff() staff: StaffPrincipal): Promise<ProgramPointLimits> {
    return (await this.settings.program(staff.programId)).pointLimits;
  }

  @Put()
  @StaffAccess(StaffPermission.ManagePointLimits)
  @ApiOperation({
    summary: "Replace the program's point limits (admins)",
    description: 'Other replicas of the ledger apply them within five seconds.',
  })
  @ApiOkResponse({ type: PointLimitsResponse })
  @ApiBadRequestResponse({ type: ProblemDetails })
  async replace(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: PointLimitsRequest,
  ): Promise<ProgramPointLimits> {
    await this.programs.setPointLimits(staff.programId, body);
    this.settings.forget(staff.programId);
    // Who loosened or tightened a program's bounds on points is an operator's first question.
    this.logger.info(
      { programId: staff.programId, staffId: staff.staffId, pointLimits: body },
      'point limits replaced',
    );
    return (await this.settings.program(staff.programId)).pointLimits;
  }
}
