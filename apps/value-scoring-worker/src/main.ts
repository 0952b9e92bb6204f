import 'reflect-metadata';
import { runHttpApp } from '@loyalty/platform';
import { createValueScoringWorkerApp } from './value-scoring-worker.app';

runHttpApp('value-scoring-worker', createValueScoringWorkerApp);
