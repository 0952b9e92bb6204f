import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { redisConnectionOptions } from './redis-connection';

/**
 * The app's own Redis connection (outside BullMQ): health checks now, rate limits and caches
 * later. Its keys carry the configured prefix. Commands fail at once while Redis is unreachable.
 */
@Injectable()
export class RedisClient implements OnApplicationShutdown {
  readonly connection: Redis;

  constructor(@Inject(loyaltyConfig.KEY) config: LoyaltyConfig) {
    this.connection = new Redis({
      ...redisConnectionOptions(config.redis, 'producer', 'loyalty-app'),
      keyPrefix: `${config.redis.keyPrefix}:`,
      lazyConnect: true,
    });
    // Errors surface through the commands that fail; ioredis keeps reconnecting by itself.
    this.connection.on('error', () => undefined);
  }

  private firstConnect: Promise<void> | undefined;

  /**
   * The connection, connected on first use (it is lazy so that a boot never waits on Redis).
   * Callers that arrive while the first connect is under way wait for it too: the offline queue
   * is off, so a command sent before then would fail.
   */
  async connected(): Promise<Redis> {
    this.firstConnect ??=
      this.connection.status === 'wait'
        ? this.connection.connect().catch(() => undefined)
        : Promise.resolve();
    await this.firstConnect;
    return this.connection;
  }

  async ping(): Promise<void> {
    await (await this.connected()).ping();
  }

  async onApplicationShutdown(): Promise<void> {
    // quit() would first connect a client that never did; disconnect() just stops reconnecting.
    if (this.connection.status === 'ready') await this.connection.quit().catch(() => undefined);
    this.connection.disconnect();
  }
}
