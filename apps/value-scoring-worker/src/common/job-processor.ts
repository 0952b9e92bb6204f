import type { JobName, JobPayload, JobResult } from '@loyalty/messaging';
import { isDependencyUnavailable, MetricsRegistry } from '@loyalty/platform';
import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { PinoLogger } from 'nestjs-pino';
import { Counter } from 'prom-client';

/** Where @nestjs/bullmq's @Processor keeps its options (not exported by the package). */
const PROCESSOR_METADATA = 'bullmq:processor_metadata';

/** One handler per job name of a queue: typed as exhaustive, so a job without one does not compile. */
export type JobHandlers<Names extends JobName> = {
  readonly [Name in Names]: (payload: JobPayload<Name>, job: Job) => Promise<JobResult<Name>>;
};

/**
 * Options every processor of the worker shares. A job whose lock lapsed while Redis was away is
 * "stalled" and goes back to wait; BullMQ fails it after maxStalledCount stalls (default 1), which
 * two outages in one job would reach. Handlers are idempotent, so a stalled job may run again.
 */
export const WORKER_OPTIONS = { maxStalledCount: 10 } as const;

/** The wait before a job whose dependency was down runs again: 1 s doubling, capped at a minute. */
export function transientRetryDelayMs(transientRetries: number, jitter = Math.random()): number {
  const base = Math.min(60_000, 1_000 * 2 ** Math.min(Math.max(transientRetries - 1, 0), 6));
  return Math.round(base * (0.8 + 0.4 * jitter));
}

function counter(registry: MetricsRegistry, name: string, help: string): Counter<'queue' | 'job'> {
  return (
    (registry.getSingleMetric(name) as Counter<'queue' | 'job'> | undefined) ??
    new Counter({ name, help, labelNames: ['queue', 'job'], registers: [registry] })
  );
}

/**
 * What every processor of the worker does the same way: dispatch a job to its handler by name
 * (an unknown name fails at once, without retries), log the outcome, and log connection errors
 * rather than let BullMQ print raw stacks while Redis is away.
 *
 * A job that fails because PostgreSQL or Redis is unreachable has done nothing wrong: it goes
 * back to the delayed set with a growing wait (capped near a minute) and no attempt counted, for
 * as long as the outage lasts. Only the job's own errors use its attempts.
 */
export abstract class JobProcessor<Names extends JobName> extends WorkerHost {
  protected abstract readonly handlers: JobHandlers<Names>;

  @Inject(MetricsRegistry) private readonly registry!: MetricsRegistry;

  protected constructor(protected readonly logger: PinoLogger) {
    super();
  }

  /** The queue the class's @Processor names, for the routing check at boot. */
  get queueName(): string {
    const options = Reflect.getMetadata(PROCESSOR_METADATA, this.constructor) as
      { readonly name?: string } | undefined;
    return options?.name ?? '(no @Processor)';
  }

  /** The job names this processor has handlers for. */
  handledJobs(): string[] {
    return Object.keys(this.handlers);
  }

  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn({ err: error }, 'worker connection error; reconnecting');
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    if (error instanceof DelayedError) return;
    this.logger.error({ jobId: job?.id, job: job?.name, err: error }, 'job failed');
    if (
      job &&
      (error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1))
    ) {
      this.failedJobs.inc({ queue: job.queueName, job: job.name });
    }
  }

  async process(job: Job, token?: string): Promise<unknown> {
    const handler = (
      this.handlers as Record<
        string,
        ((payload: unknown, job: Job) => Promise<unknown>) | undefined
      >
    )[job.name];
    if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
    let result: unknown;
    try {
      result = await handler(job.data, job);
    } catch (error) {
      if (!token || !isDependencyUnavailable(error)) throw error;
      await this.retryAfterOutage(job, token, error);
    }
    this.logger.info({ jobId: job.id, job: job.name, attempt: job.attemptsMade + 1 }, 'job done');
    return result;
  }

  private async retryAfterOutage(job: Job, token: string, error: unknown): Promise<never> {
    // Every start that did not end in a counted failure was a retry after an outage.
    const transientRetries = job.attemptsStarted - job.attemptsMade;
    const delayMs = transientRetryDelayMs(transientRetries);
    this.transientRetries.inc({ queue: job.queueName, job: job.name });
    this.logger.warn(
      { jobId: job.id, job: job.name, err: error, retryInMs: delayMs, transientRetries },
      'a dependency is unreachable; the job waits without using an attempt',
    );
    await job.moveToDelayed(Date.now() + delayMs, token);
    throw new DelayedError();
  }

  private get transientRetries(): Counter<'queue' | 'job'> {
    return counter(
      this.registry,
      'worker_job_transient_retries_total',
      'Jobs put back to wait out an unreachable PostgreSQL or Redis, without using an attempt',
    );
  }

  private get failedJobs(): Counter<'queue' | 'job'> {
    return counter(
      this.registry,
      'worker_jobs_failed_total',
      'Jobs that failed for good (every attempt used, or unrecoverable): alert on any increase',
    );
  }
}
