import { RedisClient } from '@loyalty/messaging';
import { HttpException, HttpStatus, Injectable } from '@nestjs/common';

/** How many attempts a key may have within a window before it is locked for the rest of it. */
export interface LockOutPolicy {
  /** Names the counter in Redis, e.g. `sign-in-code` or `operator-basic`. */
  readonly scope: string;
  readonly attempts: number;
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
 * Counts what a caller records per key (failed sign-ins, codes sent) in Redis, shared by every
 * replica, and locks the key for the rest of the window once the count reaches the policy's
 * number — so that a guessable secret (a six-digit code, a password) gets a fixed number of
 * tries per window however the attempts are spread over addresses and time. The count and its
 * window start in one INCR + PEXPIRE, so concurrent attempts cannot slip past the limit.
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
    const [count, ttlMs] = await Promise.all([redis.get(key), redis.pttl(key)]);
    if (Number(count ?? 0) < policy.attempts) return 0;
    return Math.max(Math.ceil(ttlMs / 1000), 1);
  }

  /** Refuses with 429 while the key is locked out. */
  async refuseWhileLocked(policy: LockOutPolicy, subject: string, detail: string): Promise<void> {
    const seconds = await this.lockedForSeconds(policy, subject);
    if (seconds > 0) throw new LockedOutException(seconds, detail);
  }

  /** Counts one more; the count of the current window and the seconds left in it. */
  async record(
    policy: LockOutPolicy,
    subject: string,
  ): Promise<{ count: number; windowLeftSeconds: number }> {
    const redis = await this.redis.connected();
    const key = this.key(policy, subject);
    const [[, count], , [, ttlMs]] = (await redis
      .multi()
      .incr(key)
      .pexpire(key, policy.windowMs, 'NX')
      .pttl(key)
      .exec()) as [[Error | null, number], [Error | null, number], [Error | null, number]];
    return { count, windowLeftSeconds: Math.max(Math.ceil(ttlMs / 1000), 1) };
  }

  /** Counts an attempt and refuses it with 429 once the window holds more than the policy's. */
  async countOrRefuse(policy: LockOutPolicy, subject: string, detail: string): Promise<void> {
    const { count, windowLeftSeconds } = await this.record(policy, subject);
    if (count > policy.attempts) throw new LockedOutException(windowLeftSeconds, detail);
  }

  async clear(policy: LockOutPolicy, subject: string): Promise<void> {
    await (await this.redis.connected()).del(this.key(policy, subject));
  }
}
