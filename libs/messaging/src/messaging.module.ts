import { type AppName, type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { DiagnosticsProducer } from './producers/diagnostics.producer';
import { LedgerEventsProducer } from './producers/ledger-events.producer';
import { LedgerMaintenanceProducer } from './producers/ledger-maintenance.producer';
import { ValueScoringProducer } from './producers/value-scoring.producer';
import { WebhooksProducer } from './producers/webhooks.producer';
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
          // The worker starts its workers itself, once it has checked that every job is routed
          // (apps/value-scoring-worker/src/common/job-routing.ts).
          extraOptions: { manualRegistration: role === 'worker' },
        }),
        BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
      ],
      providers: [
        RedisClient,
        DiagnosticsProducer,
        LedgerEventsProducer,
        LedgerMaintenanceProducer,
        ValueScoringProducer,
        WebhooksProducer,
        QueueConnections,
      ],
      exports: [
        BullModule,
        RedisClient,
        DiagnosticsProducer,
        LedgerEventsProducer,
        LedgerMaintenanceProducer,
        ValueScoringProducer,
        WebhooksProducer,
        QueueConnections,
      ],
    };
  }
}
