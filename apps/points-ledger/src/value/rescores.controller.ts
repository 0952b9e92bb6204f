import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import {
  DomainError,
  DomainErrorCode,
  StaffPermission,
  type StaffPrincipal,
} from '@loyalty/domain';
import { ValueScoringProducer } from '@loyalty/messaging';
import { type RescoreRequest, RescoreRequestRepository } from '@loyalty/persistence';
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
import { randomUUID } from 'node:crypto';
import { RescoreIdParams } from './rescores.requests';
import { RescoreResponse } from './rescores.responses';

const jobIdOf = (request: Pick<RescoreRequest, 'programId' | 'id'>) =>
  `rescore-${request.programId}-${request.id}`;

/**
 * Full rescores of the caller's program, asked for by an admin (after a policy change, say):
 * one at a time per program, each recorded with who asked and what it did, its progress
 * readable while it runs. It runs in the worker beside member scoring, never instead of it.
 */
@ApiTags('value')
@Controller({ path: 'rescores', version: '1' })
export class RescoresController {
  constructor(
    private readonly requests: RescoreRequestRepository,
    private readonly producer: ValueScoringProducer,
  ) {}

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
    const request = await this.requests.create({
      id: randomUUID(),
      programId: staff.programId,
      requestedBy: staff.staffId,
    });
    // One at a time: the queue deduplicates per program, answering with the job under way.
    const job = await this.producer.enqueueRescore(
      { requestedBy: `staff:${staff.staffId}`, programId: staff.programId, requestId: request.id },
      request.id,
    );
    if (job.id !== jobIdOf(request)) {
      await this.requests.withdraw(request.id);
      const running = String(job.id).slice(`rescore-${staff.programId}-`.length);
      throw new DomainError(
        DomainErrorCode.RescoreInProgress,
        `a rescore of this program is under way (${running}); ask again once it has finished`,
      );
    }
    return this.describe(request);
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
    const request = await this.requests.find(staff.programId, params.rescoreId);
    if (!request) {
      throw new DomainError(
        DomainErrorCode.RescoreNotFound,
        'no rescore of this program has this id',
        'rescoreId',
      );
    }
    return this.describe(request);
  }

  private async describe(request: RescoreRequest): Promise<RescoreResponse> {
    const job = request.finishedAt ? null : await this.producer.jobs.getJob(jobIdOf(request));
    const jobState = job ? await job.getState() : null;
    const state: RescoreResponse['state'] = request.finishedAt
      ? 'finished'
      : jobState === 'active'
        ? 'running'
        : jobState === 'failed' || jobState === null
          ? 'failed'
          : 'queued';
    const progress = job?.progress as { phase?: string; scored?: number } | undefined;
    return {
      id: request.id,
      state,
      requestedBy: request.requestedBy,
      requestedAt: request.requestedAt.toISOString(),
      progress:
        progress && typeof progress === 'object' && progress.phase
          ? { phase: progress.phase, scored: progress.scored ?? 0 }
          : null,
      finishedAt: request.finishedAt?.toISOString() ?? null,
      scored: request.scored,
      tierChanges: request.tierChanges,
      rewardsPaid: request.rewardsPaid,
    };
  }
}
