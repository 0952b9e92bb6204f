import { type LoyaltyConfig } from '@loyalty/config';
import { normaliseEmail, type Principal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { applyDecorators, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { ThrottlerOptions } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';

/** The rate limits a route can opt into; each counts per its own tracker. */
export enum RateLimit {
  /** Card look-ups per POS API key. */
  PosLookup = 'pos-lookup',
  /** Sign-in attempts per client address. */
  SignInByAddress = 'sign-in-by-address',
  /** Sign-in attempts per account (email), whatever address they come from. */
  SignInByAccount = 'sign-in-by-account',
  /** Survey answers per member. */
  SurveyByMember = 'survey-by-member',
  /** Transfers a member asks for from the app. */
  TransferByMember = 'transfer-by-member',
}

const RATE_LIMITS = 'loyalty:rate-limits';

export const RateLimited = (...limits: RateLimit[]) =>
  applyDecorators(
    SetMetadata(RATE_LIMITS, limits),
    ApiTooManyRequestsResponse({
      type: ProblemDetails,
      description: 'Slow down; see Retry-After.',
    }),
  );

const reflector = new Reflector();

const notOptedInto =
  (limit: RateLimit) =>
  (context: ExecutionContext): boolean =>
    !(
      reflector.getAllAndOverride<RateLimit[] | undefined>(RATE_LIMITS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? []
    ).includes(limit);

type TrackedRequest = FastifyRequest & { principal?: Principal; body?: unknown };

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** The throttlers of @nestjs/throttler, one per RateLimit, each skipped where not opted into. */
export function rateLimitThrottlers(config: LoyaltyConfig): ThrottlerOptions[] {
  const { posLookupsPerMinute, signInAttemptsPerMinute, surveyAnswersPerHour } = config.rateLimits;
  const byMember = (request: unknown): string => {
    const principal = (request as TrackedRequest).principal;
    return principal?.kind === 'member' ? principal.memberId : 'not-a-member';
  };
  return [
    {
      name: RateLimit.PosLookup,
      limit: posLookupsPerMinute,
      ttl: MINUTE_MS,
      skipIf: notOptedInto(RateLimit.PosLookup),
      getTracker: (request) => {
        const principal = (request as TrackedRequest).principal;
        return principal?.kind === 'pos-terminal' ? principal.apiKeyId : 'unauthenticated';
      },
    },
    {
      name: RateLimit.SignInByAddress,
      limit: signInAttemptsPerMinute,
      ttl: MINUTE_MS,
      skipIf: notOptedInto(RateLimit.SignInByAddress),
      getTracker: (request) => (request as TrackedRequest).ip,
    },
    {
      name: RateLimit.SignInByAccount,
      limit: signInAttemptsPerMinute,
      ttl: MINUTE_MS,
      skipIf: notOptedInto(RateLimit.SignInByAccount),
      getTracker: (request) => {
        const body = (request as TrackedRequest).body as { email?: unknown } | undefined;
        return typeof body?.email === 'string' ? normaliseEmail(body.email) : 'no-email';
      },
    },
    {
      name: RateLimit.SurveyByMember,
      limit: surveyAnswersPerHour,
      ttl: HOUR_MS,
      skipIf: notOptedInto(RateLimit.SurveyByMember),
      getTracker: byMember,
    },
    {
      name: RateLimit.TransferByMember,
      limit: config.rateLimits.memberTransfersPerHour,
      ttl: HOUR_MS,
      skipIf: notOptedInto(RateLimit.TransferByMember),
      getTracker: byMember,
    },
  ];
}
