import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { type Page, StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import {
  AdjustPointsUseCase,
  type DecidedAdjustment,
  DecideAdjustmentUseCase,
  type RecordedAdjustment,
} from '@loyalty/ledger';
import type { AdjustmentRequestRecord } from '@loyalty/persistence';
import { ListAdjustmentRequestsUseCase } from './list-adjustment-requests.use-case';
import { ProblemDetails } from '@loyalty/platform';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { answer, ApiIdempotencyKey, commandOf, IdempotencyKey } from '../common/idempotency';
import {
  AdjustmentDecisionRequest,
  AdjustmentRequest,
  AdjustmentRequestIdParams,
  AdjustmentRequestsQuery,
} from './adjustments.requests';
import {
  AdjustmentRequestPageResponse,
  DecidedAdjustmentResponse,
  RecordedAdjustmentResponse,
} from './adjustments.responses';

@ApiTags('staff')
@Controller({ version: '1' })
export class AdjustmentsController {
  constructor(
    private readonly adjustPoints: AdjustPointsUseCase,
    private readonly decideAdjustment: DecideAdjustmentUseCase,
    private readonly listAdjustmentRequests: ListAdjustmentRequestsUseCase,
  ) {}

  @Post('adjustments')
  @StaffAccess(StaffPermission.AdjustPoints)
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Add or remove points by hand, with a reason (managers and admins)',
    description:
      "A manager adjusts members of the manager's store, an admin any member. Within the " +
      "caller's role cap per member over 24 hours (managerAdjustmentDailyPoints, " +
      'adminAdjustmentDailyPoints) it applies at once; above it, it waits for a second person.',
  })
  @ApiCreatedResponse({ type: RecordedAdjustmentResponse, description: 'Applied.' })
  @ApiAcceptedResponse({ type: RecordedAdjustmentResponse, description: 'Pending approval.' })
  @ApiForbiddenResponse({ type: ProblemDetails, description: "Not the manager's store." })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails, description: 'Removes more than held.' })
  async adjust(
    @CurrentStaff() staff: StaffPrincipal,
    @IdempotencyKey() key: string,
    @Body() body: AdjustmentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecordedAdjustment> {
    const outcome = await this.adjustPoints.execute(
      commandOf(staff, key, 'adjustment', body),
      staff,
      body,
    );
    return answer(reply, outcome, (recorded) =>
      recorded.status === 'pending_approval' ? HttpStatus.ACCEPTED : HttpStatus.CREATED,
    );
  }

  @Get('adjustment-requests')
  @StaffAccess(StaffPermission.AdjustPoints)
  @ApiOperation({
    summary: 'Adjustments waiting for approval (or decided), newest first',
    description: "A manager sees those for members of the manager's store; an admin all.",
  })
  @ApiOkResponse({ type: AdjustmentRequestPageResponse })
  list(
    @CurrentStaff() staff: StaffPrincipal,
    @Query() query: AdjustmentRequestsQuery,
  ): Promise<Page<AdjustmentRequestRecord>> {
    return this.listAdjustmentRequests.execute(staff, {
      status: query.status ?? 'pending',
      limit: query.limit ?? 25,
      cursor: query.cursor,
    });
  }

  @Post('adjustment-requests/:adjustmentRequestId/approval')
  @HttpCode(200)
  @StaffAccess(StaffPermission.AdjustPoints)
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Approve a pending adjustment: it takes effect, once',
    description:
      "An admin, or another manager of the member's store where the program's " +
      'adjustmentApprover is another_manager; never the staff member who asked.',
  })
  @ApiOkResponse({ type: DecidedAdjustmentResponse })
  @ApiForbiddenResponse({ type: ProblemDetails, description: 'Not an allowed approver.' })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: 'Already decided.' })
  approve(
    @CurrentStaff() staff: StaffPrincipal,
    @IdempotencyKey() key: string,
    @Param() params: AdjustmentRequestIdParams,
    @Body() body: AdjustmentDecisionRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DecidedAdjustment> {
    return this.decide(staff, key, params, body, reply, true);
  }

  @Post('adjustment-requests/:adjustmentRequestId/rejection')
  @HttpCode(200)
  @StaffAccess(StaffPermission.AdjustPoints)
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Reject a pending adjustment: nothing moves (same approvers)' })
  @ApiOkResponse({ type: DecidedAdjustmentResponse })
  @ApiForbiddenResponse({ type: ProblemDetails, description: 'Not an allowed approver.' })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: 'Already decided.' })
  reject(
    @CurrentStaff() staff: StaffPrincipal,
    @IdempotencyKey() key: string,
    @Param() params: AdjustmentRequestIdParams,
    @Body() body: AdjustmentDecisionRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DecidedAdjustment> {
    return this.decide(staff, key, params, body, reply, false);
  }

  private async decide(
    staff: StaffPrincipal,
    key: string,
    params: AdjustmentRequestIdParams,
    body: AdjustmentDecisionRequest,
    reply: FastifyReply,
    approve: boolean,
  ): Promise<DecidedAdjustment> {
    const outcome = await this.decideAdjustment.execute(
      commandOf(staff, key, approve ? 'adjustment-approval' : 'adjustment-rejection', {
        ...params,
        ...body,
      }),
      staff,
      { requestId: params.adjustmentRequestId, approve, note: body.note?.trim() || null },
    );
    return answer(reply, outcome, HttpStatus.OK);
  }
}
