import type { JobName, JobPayload, JobResult } from '@loyalty/messaging';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { type Job, UnrecoverableError } from 'bullmq';
import type { PinoLogger } from 'nestjs-pino';

/** One handler per job name of a queue: typed as exhaustive, so a job without one does not compile. */
export type JobHandlers<Names extends JobName> = {
  readonly [Name in Names]: (payload: JobPayload<Name>, job: Job) => Promise<JobResult<Name>>;
};

/**
 * What every processor of the worker does the same way: dispatch a job to its handler by name
 * (an unknown name fails at once, without retries), log the outcome, and log connection errors
 * rather than let BullMQ print raw stacks while Redis is away.
 */
export abstract class JobProcessor<Names extends JobName> extends WorkerHost {
  protected abstract readonly handlers: JobHandlers<Names>;

  protected constructor(protected readonly logger: PinoLogger) {
    super();
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn({ err: error }, 'worker connection error; reconnecting');
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.error({ jobId: job?.id, job: job?.name, err: error }, 'job failed');
  }

  async process(job: Job): Promise<unknown> {
    const handler = (
      this.handlers as Record<
        string,
        ((payload: unknown, job: Job) => Promise<unknown>) | undefined
      >
    )[job.name];
    if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
    const result = await handler(job.data, job);
    this.logger.info({ jobId: job.id, job: job.name, attempt: job.attemptsMade + 1 }, 'job done');
    return result;
  }
}
