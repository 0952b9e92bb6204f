import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { QueueName } from '@loyalty/messaging';
import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { JobSchedules } from '../common/job-schedules';

export const REFIT_SCHEDULER_ID = 'fit-clv-model';

/** The refit schedule, kept in Redis even after Redis forgets it (job-schedules.ts). */
@Injectable()
export class ValueScoringSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private schedules: JobSchedules | undefined;

  constructor(
    @InjectQueue(QueueName.ValueScoring) private readonly queue: Queue,
    @Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ValueScoringSchedule.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.schedules = new JobSchedules(
      this.queue,
      [
        {
          id: REFIT_SCHEDULER_ID,
          name: 'fit-clv-model',
          everyMs: this.config.worker.clvRefitIntervalHours * 3600 * 1000,
          data: { requestedBy: 'schedule' },
        },
      ],
      this.logger,
    );
    await this.schedules.start();
  }

  onModuleDestroy(): void {
    this.schedules?.stop();
  }

  /** Re-creates the schedule if Redis forgot it (also run every minute by itself). */
  restoreMissingSchedules(): Promise<number> {
    return this.schedules?.restoreMissing() ?? Promise.resolve(0);
  }
}
