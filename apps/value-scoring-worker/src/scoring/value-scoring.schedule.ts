import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { type QueueName, ValueScoringProducer } from '@loyalty/messaging';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { JobSchedules } from '../common/job-schedules';

export const REFIT_SCHEDULER_ID = 'fit-clv-model';

/** The refit schedule, kept in Redis even after Redis forgets it (job-schedules.ts). */
@Injectable()
export class ValueScoringSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private schedules: JobSchedules<QueueName.ValueScoring> | undefined;

  constructor(
    private readonly scoring: ValueScoringProducer,
    @Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ValueScoringSchedule.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.schedules = new JobSchedules(
      this.scoring.jobs,
      [
        {
          id: REFIT_SCHEDULER_ID,
          job: { name: 'fit-clv-model', payload: { requestedBy: 'schedule' } },
          everyMs: this.config.worker.clvRefitIntervalHours * 3600 * 1000,
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
