import type { RequestWithPrincipal } from '@loyalty/auth';
import { callerOf } from '@loyalty/domain';
import { IdempotentRequests, requestFingerprint } from '@loyalty/persistence';
import {
  ApiIdempotencyKeyHeader,
  checkIdempotencyKey,
  ProblemDetails,
  REPLAYED_HEADER,
} from '@loyalty/platform';
import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, map, type Observable } from 'rxjs';

interface IdempotentWriteOptions {
  /**
   * Answer fields shown once and never stored, such as a new key's secret: a replay answers
   * without them, so that no secret rests in the idempotency table.
   */
  readonly shownOnce?: readonly string[];
  /**
   * Body fields left out of the request's fingerprint, such as a password: its hash would be an
   * unsalted hash of a secret at rest. A retry that changes only them replays the first answer.
   */
  readonly unfingerprinted?: readonly string[];
}

interface IdempotentWriteMetadata extends IdempotentWriteOptions {
  readonly operation: string;
}

const IDEMPOTENT_WRITE = Symbol('idempotent-write');

function without(value: unknown, fields: readonly string[] = []): unknown {
  if (fields.length === 0 || !value || typeof value !== 'object' || Array.isArray(value)) {
    return value ?? null;
  }
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(([field]) => !fields.includes(field)),
  );
}

/**
 * A write that takes an optional Idempotency-Key, with the ledger's semantics: the key's claim,
 * everything the route writes and its answer commit in one transaction; a retry with the same
 * key and request gets the first answer (Idempotent-Replayed: true) and changes nothing; the same
 * key with another request or on another route is refused with 422. A refused write keeps no key.
 */
@Injectable()
export class IdempotentWriteInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly requests: IdempotentRequests,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & RequestWithPrincipal>();
    const header = request.headers['idempotency-key'];
    if (header === undefined) return next.handle();
    const key = checkIdempotencyKey(header);
    const write = this.reflector.get<IdempotentWriteMetadata>(
      IDEMPOTENT_WRITE,
      context.getHandler(),
    );
    const principal = request.principal;
    // The access guard ran first; a write without a caller is a wiring mistake.
    if (!principal) throw new Error('an idempotent write needs an authenticated caller');
    const claim = {
      programId: principal.programId,
      caller: callerOf(principal),
      key,
      requestHash: requestFingerprint(write.operation, {
        params: request.params ?? null,
        body: without(request.body, write.unfingerprinted),
      }),
    };
    const reply = http.getResponse<FastifyReply>();
    let firstAnswer: unknown;
    return from(
      this.requests.run(claim, async () => {
        // Called inside the transaction, so that the route's repositories run in it too.
        firstAnswer = await lastValueFrom(next.handle(), { defaultValue: undefined });
        return { status: reply.statusCode, body: without(firstAnswer, write.shownOnce) };
      }),
    ).pipe(
      map((outcome) => {
        void reply.status(outcome.status);
        if (!outcome.replayed) return firstAnswer;
        void reply.header(REPLAYED_HEADER, 'true');
        return outcome.body;
      }),
    );
  }
}

/** Marks a card-issuance write as taking an optional Idempotency-Key; `operation` names it. */
export const IdempotentWrite = (operation: string, options: IdempotentWriteOptions = {}) =>
  applyDecorators(
    SetMetadata(IDEMPOTENT_WRITE, { operation, ...options } satisfies IdempotentWriteMetadata),
    UseInterceptors(IdempotentWriteInterceptor),
    ApiIdempotencyKeyHeader({ required: false }),
    ApiUnprocessableEntityResponse({
      type: ProblemDetails,
      description: 'IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was used for another request.',
    }),
  );
