import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { type FitClvModelPayload, QueueName, type RescoreProgramPayload } from '../queues';
import { type TypedJob, TypedQueue } from '../typed-queue';

/**
 * A member's purchases wait this long for the next one before they are scored: a burst at the
 * till costs one scoring, not one per purchase.
 */
export const SCORE_MEMBER_DELAY_MS = 1000;

@Injectable()
export class ValueScoringProducer {
  readonly jobs: TypedQueue<QueueName.ValueScoring>;

  constructor(@InjectQueue(QueueName.ValueScoring) queue: Queue) {
    this.jobs = new TypedQueue(queue);
  }

  /**
   * One scoring per member waiting at a time: while one is waiting, more requests are no-ops;
   * while one runs, a single follow-up is kept (BullMQ deduplication with keepLastIfActive), so
   * activity during a scoring is never missed. A follow-up may start while the first still runs
   * (the worker scores several jobs at once): the member's scoring lock makes them decide in turn.
   */
  enqueueScoreMember(programId: string, memberId: string): Promise<TypedJob<'score-member'>> {
    return this.jobs.add(
      'score-member',
      { programId, memberId },
      {
        delay: SCORE_MEMBER_DELAY_MS,
        deduplication: { id: `score-member-${memberId}`, keepLastIfActive: true },
      },
    );
  }

  enqueueFit(payload: FitClvModelPayload): Promise<TypedJob<'fit-clv-model'>> {
    return this.jobs.add('fit-clv-model', payload);
  }

  /** One full rescore per program at a time; its job id makes a second request a no-op. */
  enqueueRescore(
    payload: RescoreProgramPayload,
    runId: string,
  ): Promise<TypedJob<'rescore-program'>> {
    return this.jobs.add('rescore-program', payload, {
      jobId: `rescore-${payload.programId}-${runId}`,
      deduplication: { id: `rescore-${payload.programId}` },
    });
  }
}
