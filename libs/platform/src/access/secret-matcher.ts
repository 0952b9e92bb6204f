import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Whether a presented value is the configured secret, in constant time whatever their lengths
 * (both are hashed first). No secret configured matches nothing.
 */
export function secretMatcher(secret: string | undefined): (candidate: string) => boolean {
  if (!secret) return () => false;
  const expected = digest(secret);
  return (candidate) => timingSafeEqual(digest(candidate), expected);
}
