import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { RedisClient } from '@loyalty/messaging';
import { Module } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AccessRevocation } from './access/access-revocation';
import { AccessGuard } from './access/access.guard';
import { PasswordHasher } from './passwords/password-hasher';
import { PosApiKeys } from './pos-api-keys/pos-api-keys';
import { FailureLockOut } from './rate-limits/failure-lock-out';
import { RateLimitGuard } from './rate-limits/rate-limit.guard';
import { rateLimitThrottlers } from './rate-limits/rate-limits';
import { RedisThrottlerStorage } from './rate-limits/redis-throttler-storage';
import { AccessTokens } from './tokens/access-tokens';
import { RefreshTokens } from './tokens/refresh-tokens';

/** While Redis cannot count, one warning per interval, not one per till request. */
function logUncountedAtMostEvery(logger: PinoLogger, intervalMs: number) {
  logger.setContext('RateLimits');
  let lastLogged = 0;
  return (throttlerName: string, error: unknown) => {
    if (Date.now() - lastLogged < intervalMs) return;
    lastLogged = Date.now();
    logger.warn(
      { err: error, limit: throttlerName },
      'Redis cannot count this limit; letting requests through',
    );
  };
}

const services = [
  AccessTokens,
  RefreshTokens,
  PosApiKeys,
  PasswordHasher,
  AccessRevocation,
  FailureLockOut,
];

/**
 * Authentication and access control for an HTTP app: the global access guard (who may call a
 * route), then the rate-limit guard (which needs to know who is calling). Guards run in the
 * order they are provided here.
 */
@Module({
  imports: [
    JwtModule.register({}),
    ThrottlerModule.forRootAsync({
      inject: [loyaltyConfig.KEY, RedisClient, PinoLogger],
      useFactory: (config: LoyaltyConfig, redis: RedisClient, logger: PinoLogger) => ({
        throttlers: rateLimitThrottlers(config),
        storage: new RedisThrottlerStorage(redis, logUncountedAtMostEvery(logger, 10_000)),
        errorMessage: 'too many requests; retry after the number of seconds in Retry-After',
      }),
    }),
  ],
  providers: [
    ...services,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
  exports: services,
})
export class AuthModule {}
