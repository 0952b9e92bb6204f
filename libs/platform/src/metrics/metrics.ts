import { type AppName, type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import {
  Controller,
  Get,
  Headers,
  HttpException,
  Inject,
  Injectable,
  type OnModuleInit,
  Res,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { PublicRoute } from '../access/public-route';
import { secretMatcher } from '../access/secret-matcher';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const APP_NAME = Symbol('APP_NAME');

/**
 * The app's own Prometheus registry (not prom-client's global one), so that several apps can run
 * in one process, as the end-to-end tests do.
 */
@Injectable()
export class MetricsRegistry extends Registry {
  constructor(@Inject(APP_NAME) appName: AppName) {
    super();
    this.setDefaultLabels({ app: appName });
    collectDefaultMetrics({ register: this });
  }
}

/** Request durations by route template (never by raw URL: member ids would explode the series). */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(
    registry: MetricsRegistry,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Duration of HTTP requests by route template and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    fastify?.addHook('onResponse', (request, reply, done) => {
      this.duration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
      done();
    });
  }
}

@ApiExcludeController()
@PublicRoute()
@Controller('metrics')
export class MetricsController {
  private readonly isMetricsToken: (candidate: string) => boolean;
  private readonly configured: boolean;

  constructor(
    private readonly registry: MetricsRegistry,
    @Inject(loyaltyConfig.KEY) config: LoyaltyConfig,
  ) {
    this.configured = config.http.metricsToken !== undefined;
    this.isMetricsToken = secretMatcher(config.http.metricsToken);
  }

  /**
   * Behind METRICS_TOKEN (what a Prometheus scrape job sends as its bearer token): the series
   * name routes, queues and process internals, which are nobody else's business. Unset, the
   * route refuses everyone.
   */
  @Get()
  async metrics(
    @Headers('authorization') authorization: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!this.configured) {
      throw new HttpException('metrics are off: set METRICS_TOKEN to scrape them', 403);
    }
    const [scheme, token] = (authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token || !this.isMetricsToken(token)) {
      throw new HttpException('send the metrics token as Authorization: Bearer', 401);
    }
    await reply
      .header('content-type', this.registry.contentType)
      .send(await this.registry.metrics());
  }
}
