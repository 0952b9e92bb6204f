import { createHttpApp } from '@loyalty/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ValueScoringWorkerModule } from './value-scoring-worker.module';

/** The worker's processors, and its small admin HTTP port: health, metrics, diagnostics. */
export const createValueScoringWorkerApp = (): Promise<NestFastifyApplication> =>
  createHttpApp(ValueScoringWorkerModule.forRoot(), {
    title: 'Value-scoring worker (admin)',
    description:
      'Health, metrics and diagnostics of the worker that scores members by their value.',
  });
