export * from './messaging.module';
export * from './producers/diagnostics.producer';
export * from './producers/ledger-events.producer';
export * from './producers/value-scoring.producer';
export * from './queue-connections';
export * from './queues';
export * from './redis-client';
export * from './redis-connection';
