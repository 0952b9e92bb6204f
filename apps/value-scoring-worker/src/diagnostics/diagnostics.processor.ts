import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { type JobPayload, type JobResult, type JobsOfQueue, QueueName } from '@loyalty/messaging';
import { HealthChecks } from '@loyalty/platform';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { ProbeDependenciesUseCase } from './probe-dependencies.use-case';

type DiagnosticsJobName = JobsOfQueue<QueueName.Diagnostics>;
type Handlers = {
  readonly [Name in DiagnosticsJobName]: (payload: JobPayload<Name>) => Promise<JobResult<Name>>;
};

@Processor(QueueName.Diagnostics)
export class DiagnosticsProcessor extends WorkerHost implements OnApplicationBootstrap {
  /** Typed as exhaustive over the queue's jobs: a job without a handler does not compile. */
  private readonly handlers: Handlers = {
    // The payload says only who asked; the probe itself needs nothing from it.
    'queue-probe': () => this.probeDependencies.execute(),
  };

  constructor(
    private readonly probeDependencies: ProbeDependenciesUseCase,
    private readonly healthChecks: HealthChecks,
    private readonly logger: PinoLogger,
    @Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig,
  ) {
    super();
    this.logger.setContext(DiagnosticsProcessor.name);
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.worker.concurrency;
    // A closed worker never picks up a job again: the process should be restarted.
    this.healthChecks.addLiveness(`worker:${QueueName.Diagnostics}`, () => {
      if (!this.worker.isRunning()) throw new Error('the worker is not running');
    });
  }

  /** Connection errors while Redis is away: BullMQ reconnects; without a listener it prints raw stacks. */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn({ err: error }, 'worker connection error; reconnecting');
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.error({ jobId: job?.id, job: job?.name, err: error }, 'job failed');
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers[job.name as DiagnosticsJobName] as
      ((payload: unknown) => Promise<unknown>) | undefined;
    if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
    const result = await handler(job.data);
    this.logger.info({ jobId: job.id, job: job.name, attempt: job.attemptsMade + 1 }, 'job done');
    return result;
  }
}
