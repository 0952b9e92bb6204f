import { useRef } from 'react';

/**
 * One Idempotency-Key per intended write (docs/ledger.md). A submission sent again unchanged —
 * after a lost answer, a timeout, a new sign-in — reuses the key, so the app answers the first
 * result instead of writing twice; a changed submission is a new intention and gets a new key
 * (an app keeps no key for a refused write, so a corrected form never collides with it).
 */
export function useIdempotencyKey() {
  const current = useRef<{ key: string; fingerprint: string } | null>(null);
  return {
    header(body: unknown): { 'Idempotency-Key': string } {
      const fingerprint = JSON.stringify(body);
      if (!current.current || current.current.fingerprint !== fingerprint) {
        current.current = { key: crypto.randomUUID(), fingerprint };
      }
      return { 'Idempotency-Key': current.current.key };
    },
    /** After a success: the next submission is a new write. */
    renew(): void {
      current.current = null;
    },
  };
}
