import { type AppName, type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { DiagnosticsProducer } from './producers/diagnostics.producer';
import { LedgerEventsProducer } from './producers/ledger-events.producer';
import { ValueScoringProducer } from './producers/value-scoring.producer';
import { QueueConnections } from './queue-connections';
import { QueueName } from './queues';
import { RedisClient } from './redis-client';
import { queueOptions } from './redis-connection';

@Module({})
export class MessagingModule {
  /**
   * Redis and BullMQ for one app: the app's Redis client, the queues and their producers. The
   * worker app passes role 'worker' so that its connections wait out a Redis outage.
   */
  static forRoot(appName: AppName, role: 'producer' | 'worker'): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [loyaltyConfig.KEY],
          useFactory: (config: LoyaltyConfig) =>
            queueOptions(config.redis, role, `loyalty-${appName}`),
        }),
        BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
      ],
      providers: [
        RedisClient,
        DiagnosticsProducer,
        LedgerEventsProducer,
        ValueScoringProducer,
        QueueConnections,
      ],
      exports: [
        BullModule,
        RedisClient,
        DiagnosticsProducer,
        LedgerEventsProducer,
        ValueScoringProducer,
        QueueConnections,
      ],
    };
  }
}
