import { ExpirePointsUseCase } from '@loyalty/ledger';
import { type JobPayload, type JobResult, type JobsOfQueue, QueueName } from '@loyalty/messaging';
import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';

type MaintenanceJobName = JobsOfQueue<QueueName.LedgerMaintenance>;
type Handlers = {
  readonly [Name in MaintenanceJobName]: (payload: JobPayload<Name>) => Promise<JobResult<Name>>;
};

/** A run is idempotent, so a late or doubled run is harmless. */
export const EXPIRY_SCHEDULER_ID = 'expire-points';

@Processor(QueueName.LedgerMaintenance)
export class LedgerMaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly handlers: Handlers = {
    'expire-points': (payload) => this.expirePoints.execute(new Date(), payload.programId ?? null),
  };

  constructor(
    private readonly expirePoints: ExpirePointsUseCase,
    @InjectQueue(QueueName.LedgerMaintenance) private readonly queue: Queue,
    private readonly logger: PinoLogger,
    @Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig,
  ) {
    super();
    this.logger.setContext(LedgerMaintenanceProcessor.name);
  }

  /**
   * Upserted at every start, so replicas and restarts keep one schedule; the first run comes one
   * interval after the start. An interval of 0 removes the schedule.
   */
  async onApplicationBootstrap(): Promise<void> {
    const minutes = this.config.worker.pointsExpiryIntervalMinutes;
    if (minutes === 0) {
      await this.queue.removeJobScheduler(EXPIRY_SCHEDULER_ID);
      return;
    }
    const every = minutes * 60 * 1000;
    await this.queue.upsertJobScheduler(
      EXPIRY_SCHEDULER_ID,
      { every, startDate: Date.now() + every },
      { name: 'expire-points', data: { requestedBy: 'schedule' } },
    );
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
    const handler = this.handlers[job.name as MaintenanceJobName] as
      ((payload: unknown) => Promise<unknown>) | undefined;
    if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
    const result = await handler(job.data);
    this.logger.info({ jobId: job.id, job: job.name, result }, 'job done');
    return result;
  }
}
