import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { type JobsOfQueue, QueueName } from '@loyalty/messaging';
import { HealthChecks } from '@loyalty/platform';
import { Processor } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { type JobHandlers, JobProcessor, WORKER_OPTIONS } from '../common/job-processor';
import { ProbeDependenciesUseCase } from './probe-dependencies.use-case';

@Processor(QueueName.Diagnostics, WORKER_OPTIONS)
export class DiagnosticsProcessor
  extends JobProcessor<JobsOfQueue<QueueName.Diagnostics>>
  implements OnApplicationBootstrap
{
  protected readonly handlers: JobHandlers<JobsOfQueue<QueueName.Diagnostics>> = {
    // The payload says only who asked; the probe itself needs nothing from it.
    'queue-probe': () => this.probeDependencies.execute(),
  };

  constructor(
    private readonly probeDependencies: ProbeDependenciesUseCase,
    private readonly healthChecks: HealthChecks,
    logger: PinoLogger,
    @Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig,
  ) {
    super(logger);
    this.logger.setContext(DiagnosticsProcessor.name);
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.worker.concurrency;
    // A closed worker never picks up a job again: the process should be restarted.
    this.healthChecks.addLiveness(`worker:${QueueName.Diagnostics}`, () => {
      if (!this.worker.isRunning()) throw new Error('the worker is not running');
    });
  }
}
