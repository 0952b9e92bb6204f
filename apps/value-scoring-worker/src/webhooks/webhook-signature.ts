import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'loyalty-signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe signs: the receiver
 * recomputes it with the endpoint's secret and refuses stale timestamps (replays).
 */
export function signWebhook(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${digest}`;
}
