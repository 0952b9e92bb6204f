import { createHttpApp } from '@loyalty/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mountQueueBoard } from './admin/queue-board';
import { ValueScoringWorkerModule } from './value-scoring-worker.module';

/**
 * The worker's processors, and its small admin HTTP port: health, metrics, diagnostics, failed
 * jobs and the queue board (the last two for program admins).
 */
export async function createValueScoringWorkerApp(): Promise<NestFastifyApplication> {
  const app = await createHttpApp(ValueScoringWorkerModule.forRoot(), {
    title: 'Value-scoring worker (admin)',
    description:
      'Health, metrics, diagnostics, failed jobs and the queue board of the worker that scores members by their value.',
  });
  await mountQueueBoard(app);
  return app;
}
