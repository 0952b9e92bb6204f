import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RescoreProgramUseCase, type RescoreView } from './rescore-program.use-case';
import { RescoreIdParams } from './rescores.requests';
import { RescoreResponse } from './rescores.responses';

const responseOf = ({ request, state, progress }: RescoreView): RescoreResponse => ({
  id: request.id,
  state,
  requestedBy: request.requestedBy,
  requestedAt: request.requestedAt.toISOString(),
  progress,
  finishedAt: request.finishedAt?.toISOString() ?? null,
  scored: request.scored,
  tierChanges: request.tierChanges,
  rewardsPaid: request.rewardsPaid,
});

/** Full rescores of the caller's program (rescore-program.use-case.ts). */
@ApiTags('value')
@Controller({ path: 'rescores', version: '1' })
export class RescoresController {
  constructor(private readonly rescores: RescoreProgramUseCase) {}

  @Post()
  @HttpCode(202)
  @StaffAccess(StaffPermission.ManageValuePolicy)
  @ApiOperation({ summary: 'Rescore every member of the program' })
  @ApiAcceptedResponse({ type: RescoreResponse })
  @ApiConflictResponse({
    type: ProblemDetails,
    description: 'A rescore of the program is under way.',
  })
  async start(@CurrentStaff() staff: StaffPrincipal): Promise<RescoreResponse> {
    return responseOf(await this.rescores.start(staff));
  }

  @Get(':rescoreId')
  @StaffAccess(StaffPermission.ManageValuePolicy)
  @ApiOperation({ summary: 'A rescore: its state, progress and outcome' })
  @ApiOkResponse({ type: RescoreResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async read(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: RescoreIdParams,
  ): Promise<RescoreResponse> {
    return responseOf(await this.rescores.read(staff.programId, params.rescoreId));
  }
}
