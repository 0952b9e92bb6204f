import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { ExpirePointsUseCase } from '@loyalty/ledger';
import { type JobsOfQueue, QueueName } from '@loyalty/messaging';
import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { type JobHandlers, JobProcessor, WORKER_OPTIONS } from '../common/job-processor';

/** A run is idempotent, so a late or doubled run is harmless. */
export const EXPIRY_SCHEDULER_ID = 'expire-points';

@Processor(QueueName.LedgerMaintenance, WORKER_OPTIONS)
export class LedgerMaintenanceProcessor
  extends JobProcessor<JobsOfQueue<QueueName.LedgerMaintenance>>
  implements OnApplicationBootstrap
{
  protected readonly handlers: JobHandlers<JobsOfQueue<QueueName.LedgerMaintenance>> = {
    'expire-points': (payload) => this.expirePoints.execute(new Date(), payload.programId ?? null),
  };

  constructor(
    private readonly expirePoints: ExpirePointsUseCase,
    @InjectQueue(QueueName.LedgerMaintenance) private readonly queue: Queue,
    logger: PinoLogger,
    @Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig,
  ) {
    super(logger);
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
}
