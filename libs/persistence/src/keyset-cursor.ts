import { DomainError, DomainErrorCode } from '@loyalty/domain';

/**
 * Opaque keyset cursors: the sort key of the last row of a page, as base64url JSON. Clients pass
 * them back untouched; a cursor that does not decode to the expected shape is a client error.
 */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The client error for a cursor this list did not issue. */
export const invalidCursor = (): DomainError =>
  new DomainError(
    DomainErrorCode.InvalidCursor,
    'cursor is not a cursor this list returned',
    'cursor',
  );

export function decodeCursor(cursor: string, keyLength: number): string[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== keyLength ||
    !decoded.every((part) => typeof part === 'string')
  ) {
    throw invalidCursor();
  }
  return decoded;
}
