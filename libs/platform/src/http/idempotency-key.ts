import { DomainError, DomainErrorCode } from '@loyalty/domain';
import { ApiHeader } from '@nestjs/swagger';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const KEY_SHAPE = /^[\x21-\x7e]{8,200}$/;

/** An Idempotency-Key as every write takes it: 8–200 visible ASCII characters, e.g. a UUID. */
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

/** The header as the API documents it: required on ledger writes, optional on the rest. */
export const ApiIdempotencyKeyHeader = (options: { required: boolean }) =>
  ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: options.required,
    description:
      'Makes the write exactly-once: a retry with the same key and request gets the first answer ' +
      `(with ${REPLAYED_HEADER}: true); the same key with another request is refused with 422.` +
      (options.required ? '' : ' Without a key, each request is a new write.'),
  });
