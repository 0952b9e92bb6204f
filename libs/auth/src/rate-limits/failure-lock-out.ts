import { RedisClient } from '@loyalty/messaging';
import { HttpException, HttpStatus, Injectable } from '@nestjs/common';

/** How many failures a key may have within a window before it is locked for the rest of it. */
export interface LockOutPolicy {
  /** Names the counter in Redis, e.g. `sign-in-code` or `operator-basic`. */
  readonly scope: string;
  readonly failures: number;
  readonly windowMs: number;
}

/** Thrown while a key is locked out: a 429 problem+json with Retry-After. */
export class LockedOutException extends HttpException {
  constructor(
    readonly retryAfterSeconds: number,
    detail: string,
  ) {
    super(detail, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * Counts failures (never successes) per key in Redis, shared by every replica, so that a
 * guessable secret — a six-digit code, a password — gets a fixed number of tries per window
 * however the attempts are spread over addresses and time. The count and its window start in
 * one INCR + PEXPIRE, so concurrent failures cannot slip past the limit.
 */
@Injectable()
export class FailureLockOut {
  constructor(private readonly redis: RedisClient) {}

  private key(policy: LockOutPolicy, subject: string): string {
    return `lock-out:${policy.scope}:${subject}`;
  }

  /** Seconds until the key may try again; 0 when it may now. */
  async lockedForSeconds(policy: LockOutPolicy, subject: string): Promise<number> {
    const redis = await this.redis.connected();
    const key = this.key(policy, subject);
    const [failures, ttlMs] = await Promise.all([redis.get(key), redis.pttl(key)]);
    if (Number(failures ?? 0) < policy.failures) return 0;
    return Math.max(Math.ceil(ttlMs / 1000), 1);
  }

  /** Refuses with 429 while the key is locked out. */
  async refuseWhileLocked(policy: LockOutPolicy, subject: string, detail: string): Promise<void> {
    const seconds = await this.lockedForSeconds(policy, subject);
    if (seconds > 0) throw new LockedOutException(seconds, detail);
  }

  /** Records one failure; returns the failures counted in the current window. */
  async recordFailure(policy: LockOutPolicy, subject: string): Promise<number> {
    const redis = await this.redis.connected();
    const key = this.key(policy, subject);
    const [[, failures]] = (await redis
      .multi()
      .incr(key)
      .pexpire(key, policy.windowMs, 'NX')
      .exec()) as [[Error | null, number], [Error | null, number]];
    return failures;
  }

  async clear(policy: LockOutPolicy, subject: string): Promise<void> {
    await (await this.redis.connected()).del(this.key(policy, subject));
  }
}
