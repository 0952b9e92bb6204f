import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { QueueName } from '@loyalty/messaging';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';

export const REFIT_SCHEDULER_ID = 'fit-clv-model';

/**
 * The refit schedule, upserted at every start (one schedule across replicas and restarts); the
 * first fit comes one interval after the start. An interval of 0 removes it.
 */
@Injectable()
export class ValueScoringSchedule implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.ValueScoring) private readonly queue: Queue,
    @Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const hours = this.config.worker.clvRefitIntervalHours;
    if (hours === 0) {
      await this.queue.removeJobScheduler(REFIT_SCHEDULER_ID);
      return;
    }
    const every = hours * 3600 * 1000;
    await this.queue.upsertJobScheduler(
      REFIT_SCHEDULER_ID,
      { every, startDate: Date.now() + every },
      { name: 'fit-clv-model', data: { requestedBy: 'schedule' } },
    );
  }
}
