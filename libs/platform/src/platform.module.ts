import { type AppName, LoyaltyConfigModule } from '@loyalty/config';
import { MessagingModule } from '@loyalty/messaging';
import { PersistenceModule } from '@loyalty/persistence';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { HealthChecks } from './health/health-checks';
import { HealthController } from './health/health.controller';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { RequestValidationPipe } from './http/request-validation';
import { UnknownQueryParametersInterceptor } from './http/unknown-query.interceptor';
import { LoggingModule } from './logging/logging.module';
import { RedisDurability } from './health/redis-durability';
import { APP_NAME, HttpMetrics, MetricsController, MetricsRegistry } from './metrics/metrics';

export interface PlatformOptions {
  readonly app: AppName;
  /** 'worker' for the value-scoring worker: its Redis connections wait out an outage. */
  readonly queueRole: 'producer' | 'worker';
}

@Module({})
export class PlatformModule {
  /**
   * Everything an app stands on, the same for all three: validated configuration, JSON logs,
   * PostgreSQL, Redis and the queues, health, metrics, and the global validation pipe (with the
   * refusal of query parameters a route does not read) and problem+json filter. Call it while booting (it validates the environment).
   */
  static async forRoot(options: PlatformOptions): Promise<DynamicModule> {
    return {
      module: PlatformModule,
      global: true,
      imports: [
        await LoyaltyConfigModule.forRoot(),
        LoggingModule.forRoot(options.app),
        PersistenceModule.forRoot(options.app),
        MessagingModule.forRoot(options.app, options.queueRole),
        TerminusModule.forRoot({ errorLogStyle: 'json', logger: false }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_NAME, useValue: options.app },
        { provide: APP_PIPE, useClass: RequestValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: UnknownQueryParametersInterceptor },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        HealthChecks,
        RedisDurability,
        MetricsRegistry,
        HttpMetrics,
      ],
      exports: [HealthChecks, MetricsRegistry, APP_NAME],
    };
  }
}
