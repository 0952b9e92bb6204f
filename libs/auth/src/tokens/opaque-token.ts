import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Opaque credentials (refresh tokens, POS API keys) look like `<kind>_<id>_<secret>`: the id finds
 * the row, the 256-bit secret proves possession, and only the secret's SHA-256 is stored. A fast
 * hash is right here because the secret is random, unlike a password.
 */
export interface OpaqueToken {
  readonly id: string;
  readonly token: string;
  readonly secretHash: Buffer;
}

const UUID_HEX = /^[0-9a-f]{32}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

const toUuid = (hex: string): string =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

export const hashSecret = (secret: string): Buffer => createHash('sha256').update(secret).digest();

export function mintOpaqueToken(kind: string): OpaqueToken {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  return {
    id,
    token: `${kind}_${id.replaceAll('-', '')}_${secret}`,
    secretHash: hashSecret(secret),
  };
}

/** The id and secret of a token of this kind, or null when it is not one. */
export function parseOpaqueToken(
  kind: string,
  token: string,
): { id: string; secret: string } | null {
  const parts = token.split('_');
  // base64url secrets may themselves contain '_': rejoin everything after the id.
  const [prefix, idHex, ...secretParts] = parts;
  const secret = secretParts.join('_');
  if (prefix !== kind || !UUID_HEX.test(idHex ?? '') || !SECRET.test(secret)) return null;
  return { id: toUuid(idHex!), secret };
}

export const secretMatches = (secret: string, storedHash: Buffer): boolean => {
  const actual = hashSecret(secret);
  return actual.length === storedHash.length && timingSafeEqual(actual, storedHash);
};
