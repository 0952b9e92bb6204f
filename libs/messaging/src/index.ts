export * from './messaging.module';
export * from './producers/diagnostics.producer';
export * from './queues';
export * from './redis-client';
export * from './redis-connection';
