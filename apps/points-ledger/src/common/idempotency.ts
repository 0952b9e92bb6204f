import { type Principal, DomainError, DomainErrorCode, type LedgerActor } from '@loyalty/domain';
import { type LedgerCommand, requestFingerprint } from '@loyalty/ledger';
import type { IdempotentOutcome } from '@loyalty/persistence';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY_SHAPE = /^[\x21-\x7e]{8,200}$/;

/** The header every ledger write carries: 8–200 visible ASCII characters, e.g. a UUID. */
export function checkIdempotencyKey(value: unknown, field = IDEMPOTENCY_KEY_HEADER): string {
  if (typeof value !== 'string' || !KEY_SHAPE.test(value)) {
    throw new DomainError(
      DomainErrorCode.IdempotencyKeyRequired,
      `${field} must be sent: 8 to 200 visible ASCII characters, unique per intended write (a UUID is ideal)`,
      field,
    );
  }
  return value;
}

export const IdempotencyKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): string =>
    checkIdempotencyKey(
      context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'],
    ),
);

export const ApiIdempotencyKey = () =>
  ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: true,
    description:
      'Makes the write exactly-once: a retry with the same key and request gets the first answer ' +
      `(with ${REPLAYED_HEADER}: true); the same key with another request is refused with 422.`,
  });

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
      caller: `${actor.kind}:${actor.id}`,
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
