import type { QueuedJob, QueueName, TypedQueue } from '@loyalty/messaging';
import type { PinoLogger } from 'nestjs-pino';

/** A schedule of one of the queue's jobs, with that job's payload. */
export interface JobSchedule<Queued extends QueueName> {
  readonly id: string;
  readonly job: QueuedJob<Queued>;
  /** 0 removes the schedule. */
  readonly everyMs: number;
}

/** How often the worker checks that its schedules still exist in Redis. */
export const SCHEDULE_CHECK_MS = 60_000;

/**
 * A queue's job schedulers live in Redis only: a flushed Redis, or one restarted without its
 * append-only file, forgets them until the worker restarts. So they are upserted at start (one
 * schedule across replicas and restarts; the first run one interval after the start) and then
 * re-created every minute if missing — never re-upserted when present, which would push their
 * next run back.
 */
export class JobSchedules<Queued extends QueueName> {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly queue: TypedQueue<Queued>,
    private readonly schedules: readonly JobSchedule<Queued>[],
    private readonly logger: PinoLogger,
  ) {}

  async start(): Promise<void> {
    for (const schedule of this.schedules) {
      if (schedule.everyMs === 0) await this.queue.removeJobScheduler(schedule.id);
      else await this.upsert(schedule);
    }
    this.timer = setInterval(() => void this.restoreMissing(), SCHEDULE_CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Re-creates the schedules Redis forgot; the number re-created. */
  async restoreMissing(): Promise<number> {
    let restored = 0;
    try {
      for (const schedule of this.schedules) {
        if (schedule.everyMs === 0 || (await this.queue.getJobScheduler(schedule.id))) continue;
        await this.upsert(schedule);
        restored += 1;
        this.logger.warn(
          { scheduler: schedule.id },
          'job schedule was missing from Redis; re-created',
        );
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'could not check the job schedules; will try again');
    }
    return restored;
  }

  private upsert(schedule: JobSchedule<Queued>): Promise<unknown> {
    return this.queue.upsertJobScheduler(
      schedule.id,
      { every: schedule.everyMs, startDate: Date.now() + schedule.everyMs },
      schedule.job,
    );
  }
}
