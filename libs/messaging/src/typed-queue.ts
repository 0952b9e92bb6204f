import type { Job, JobSchedulerJson, JobsOptions, Queue, RepeatOptions } from 'bullmq';
import {
  JOB_QUEUE,
  type JobName,
  type JobPayload,
  type JobResult,
  type JobsOfQueue,
  type QueueName,
  routesTo,
} from './queues';

/** A job as BullMQ hands it back, typed by its contract. */
export type TypedJob<Name extends JobName> = Job<JobPayload<Name>, JobResult<Name>, Name>;

/** One job of a bulk add. */
export interface JobToAdd<Name extends JobName> {
  readonly name: Name;
  readonly payload: JobPayload<Name>;
  readonly options?: JobsOptions;
}

/** Any one job of a queue, named with its own payload. */
export type QueuedJob<Queued extends QueueName> = {
  readonly [Name in JobsOfQueue<Queued>]: {
    readonly name: Name;
    readonly payload: JobPayload<Name>;
  };
}[JobsOfQueue<Queued>];

/**
 * A BullMQ queue that takes only the jobs its contract (JobContracts) routes to it, with their
 * payloads: a job name of another queue, or a payload of the wrong shape, does not compile. The
 * same check runs when a job is added, for a caller that got past the compiler with a cast.
 * Producers own these; nothing else adds jobs.
 */
export class TypedQueue<Queued extends QueueName> {
  constructor(private readonly queue: Queue) {}

  add<Name extends JobsOfQueue<Queued>>(
    name: Name,
    payload: JobPayload<Name>,
    options?: JobsOptions,
  ): Promise<TypedJob<Name>> {
    this.checkRoute(name);
    return this.queue.add(name, payload, options) as Promise<TypedJob<Name>>;
  }

  /** Adds the jobs in the order given, atomically (one MULTI). */
  addBulk<Name extends JobsOfQueue<Queued>>(
    jobs: readonly JobToAdd<Name>[],
  ): Promise<TypedJob<Name>[]> {
    for (const job of jobs) this.checkRoute(job.name);
    return this.queue.addBulk(
      jobs.map(({ name, payload, options }) => ({
        name,
        data: payload,
        ...(options ? { opts: options } : {}),
      })),
    ) as Promise<TypedJob<Name>[]>;
  }

  getJob(id: string): Promise<Job | undefined> {
    return this.queue.getJob(id);
  }

  /** Creates or replaces a schedule that adds `name` with `payload` on `repeat`. */
  upsertJobScheduler(
    schedulerId: string,
    repeat: Omit<RepeatOptions, 'key'>,
    job: QueuedJob<Queued>,
  ): Promise<unknown> {
    this.checkRoute(job.name);
    return this.queue.upsertJobScheduler(schedulerId, repeat, {
      name: job.name,
      data: job.payload,
    });
  }

  getJobScheduler(schedulerId: string): Promise<JobSchedulerJson | undefined> {
    return this.queue.getJobScheduler(schedulerId);
  }

  removeJobScheduler(schedulerId: string): Promise<boolean> {
    return this.queue.removeJobScheduler(schedulerId);
  }

  private checkRoute(name: JobName): void {
    if (!routesTo(name, this.queue.name)) {
      const home = Object.hasOwn(JOB_QUEUE, name) ? JOB_QUEUE[name] : '(none: no such job)';
      throw new Error(`job ${name} belongs on queue ${home}, not ${this.queue.name}`);
    }
  }
}
