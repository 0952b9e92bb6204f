import { callerOf, type LedgerActor, type Principal } from '@loyalty/domain';
import { type LedgerCommand, requestFingerprint } from '@loyalty/ledger';
import type { IdempotentAnswer } from '@loyalty/persistence';
import { ApiIdempotencyKeyHeader, checkIdempotencyKey, REPLAYED_HEADER } from '@loyalty/platform';
import { createParamDecorator, type ExecutionContext, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const IdempotencyKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): string =>
    checkIdempotencyKey(
      context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'],
    ),
);

export const ApiIdempotencyKey = () => ApiIdempotencyKeyHeader({ required: true });

export function actorOf(principal: Principal): LedgerActor {
  switch (principal.kind) {
    case 'staff':
      return { kind: 'staff', id: principal.staffId };
    case 'member':
      return { kind: 'member', id: principal.memberId };
    case 'pos-terminal':
      return { kind: 'pos-terminal', id: principal.apiKeyId };
  }
}

/** A ledger write on behalf of the caller, bound to its key and to this exact request. */
export function commandOf(
  principal: Principal,
  key: string,
  operation: string,
  request: unknown,
): LedgerCommand {
  const actor = actorOf(principal);
  return {
    programId: principal.programId,
    actor,
    idempotency: {
      programId: principal.programId,
      caller: callerOf(principal),
      key,
      requestHash: requestFingerprint(operation, request),
    },
  };
}

/**
 * Answers a ledger write, marking a replayed answer as such. The ledger's answers carry no HTTP
 * status: the route tells it (201 unless said otherwise), from the answer alone, so a replay is
 * told as the first answer was.
 */
export function answer<T>(
  reply: FastifyReply,
  outcome: IdempotentAnswer<T>,
  status: HttpStatus | ((body: T) => HttpStatus) = HttpStatus.CREATED,
): T {
  void reply.status(typeof status === 'function' ? status(outcome.body) : status);
  if (outcome.replayed) void reply.header(REPLAYED_HEADER, 'true');
  return outcome.body;
}
