import { DomainError, DomainErrorCode, type StaffPrincipal } from '@loyalty/domain';
import { ValueScoringProducer } from '@loyalty/messaging';
import { type RescoreRequest, RescoreRequestRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

const jobIdOf = (request: Pick<RescoreRequest, 'programId' | 'id'>) =>
  `rescore-${request.programId}-${request.id}`;

/** A rescore as its requester follows it. */
export interface RescoreView {
  readonly request: RescoreRequest;
  readonly state: 'queued' | 'running' | 'finished' | 'failed';
  readonly progress: { readonly phase: string; readonly scored: number } | null;
}

/**
 * Full rescores of a program, asked for by an admin (after a policy change, say): one at a time
 * per program, each recorded with who asked and what it did, its progress readable while it runs.
 * It runs in the worker beside member scoring, never instead of it.
 */
@Injectable()
export class RescoreProgramUseCase {
  constructor(
    private readonly requests: RescoreRequestRepository,
    private readonly producer: ValueScoringProducer,
  ) {}

  async start(staff: StaffPrincipal): Promise<RescoreView> {
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
    return this.viewOf(request);
  }

  async read(programId: string, rescoreId: string): Promise<RescoreView> {
    const request = await this.requests.find(programId, rescoreId);
    if (!request) {
      throw new DomainError(
        DomainErrorCode.RescoreNotFound,
        'no rescore of this program has this id',
        'rescoreId',
      );
    }
    return this.viewOf(request);
  }

  private async viewOf(request: RescoreRequest): Promise<RescoreView> {
    const job = request.finishedAt ? null : await this.producer.jobs.getJob(jobIdOf(request));
    const jobState = job ? await job.getState() : null;
    const state: RescoreView['state'] = request.finishedAt
      ? 'finished'
      : jobState === 'active'
        ? 'running'
        : jobState === 'failed' || jobState === null
          ? 'failed'
          : 'queued';
    const progress = job?.progress as { phase?: string; scored?: number } | undefined;
    return {
      request,
      state,
      progress:
        progress && typeof progress === 'object' && progress.phase
          ? { phase: progress.phase, scored: progress.scored ?? 0 }
          : null,
    };
  }
}
