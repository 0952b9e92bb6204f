import { callerOf, type LedgerActor, type Principal } from '@loyalty/domain';
import { type LedgerCommand, requestFingerprint } from '@loyalty/ledger';
import type { IdempotentOutcome } from '@loyalty/persistence';
import { ApiIdempotencyKeyHeader, checkIdempotencyKey, REPLAYED_HEADER } from '@loyalty/platform';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
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

/** Answers with the outcome's status, marking a replayed answer as such. */
export function answer<T>(reply: FastifyReply, outcome: IdempotentOutcome<T>): T {
  void reply.status(outcome.status);
  if (outcome.replayed) void reply.header(REPLAYED_HEADER, 'true');
  return outcome.body;
}
