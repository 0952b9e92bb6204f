import { QueueName } from '@loyalty/messaging';
import { createHttpApp } from '@loyalty/platform';
import { Processor } from '@nestjs/bullmq';
import { PinoLogger } from 'nestjs-pino';
import {
  type JobHandlers,
  JobProcessor,
} from '../../../apps/value-scoring-worker/src/common/job-processor';
import { DiagnosticsProcessor } from '../../../apps/value-scoring-worker/src/diagnostics/diagnostics.processor';
import { ValueScoringWorkerModule } from '../../../apps/value-scoring-worker/src/value-scoring-worker.module';

/** A second processor of the diagnostics queue, as a bad merge or a copied module would add. */
@Processor(QueueName.Diagnostics)
class StrayProbeProcessor extends JobProcessor<'queue-probe'> {
  protected readonly handlers: JobHandlers<'queue-probe'> = {
    'queue-probe': () =>
      Promise.resolve({ processedBy: 'stray', processedAt: '', databaseTime: '' }),
  };

  constructor(logger: PinoLogger) {
    super(logger);
  }
}

describe('value-scoring-worker: the routing of jobs, checked at boot', () => {
  it('refuses to start when a queue has two processors, naming them, before any worker runs', async () => {
    const root = await ValueScoringWorkerModule.forRoot();
    const app = await createHttpApp(
      { ...root, providers: [...(root.providers ?? []), StrayProbeProcessor] },
      { title: 'worker with a stray processor', description: 'refuses to start' },
    );
    try {
      await expect(app.init()).rejects.toThrow(
        "the worker's job routing is wrong: queue diagnostics has 2 processors (DiagnosticsProcessor, StrayProbeProcessor); it needs one",
      );
      // The workers are created only once the routing is right: none was.
      for (const processor of [DiagnosticsProcessor, StrayProbeProcessor]) {
        expect(() => app.get(processor).worker).toThrow('"Worker" has not yet been initialized');
      }
    } finally {
      await app.close();
    }
  });
});
