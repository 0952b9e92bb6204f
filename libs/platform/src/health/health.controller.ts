import { QueueConnections, RedisClient } from '@loyalty/messaging';
import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { PublicRoute } from '../access/public-route';
import { type HealthProbe, HealthChecks } from './health-checks';
import { RedisDurability } from './redis-durability';

/** Each check answers within this, so readiness answers within a second whatever hangs. */
const CHECK_TIMEOUT_MS = 800;

/**
 * Liveness answers whether the process should be restarted, so it never depends on PostgreSQL or
 * Redis (an outage of theirs must not restart every replica); readiness answers whether to send
 * it traffic, and checks both. A 503 here is a health report in terminus's format, not an error.
 */
@ApiTags('health')
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisClient,
    private readonly queues: QueueConnections,
    private readonly checks: HealthChecks,
    private readonly durability: RedisDurability,
    @Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOkResponse({ description: 'The process is alive.' })
  live(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    return this.report(
      reply,
      [...this.checks.liveness].map(([key, probe]) => this.probe(key, probe)),
    );
  }

  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({ description: 'PostgreSQL and Redis answer: the app can take traffic.' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down; details per check.' })
  ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    return this.report(reply, [
      () => this.database.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
      this.probe('redis', () => Promise.all([this.redis.ping(), this.queues.ping()])),
      ...(this.config.nodeEnvironment === 'production'
        ? [this.probe('redis-durability', () => this.durability.check())]
        : []),
    ]);
  }

  private probe(key: string, probe: HealthProbe) {
    return () =>
      this.indicators
        .check(key)
        .attempt(async ({ signal }) => {
          await probe(signal);
        })
        .withTimeout(CHECK_TIMEOUT_MS);
  }

  private async report(
    reply: FastifyReply,
    indicators: Parameters<HealthCheckService['check']>[0],
  ): Promise<HealthCheckResult> {
    try {
      return await this.health.check(indicators);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
