import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SignInCodeMessage {
  /** `email` to the member's email, `sms` to their phone (E.164). */
  readonly channel: 'email' | 'sms';
  readonly to: string;
  readonly code: string;
  readonly expiresAt: string;
  readonly programName: string;
}

const WEBHOOK_TIMEOUT_MS = 5000;

/**
 * Hands a sign-in code to whatever emails or texts it: the operator's notifier, reached by a
 * webhook (JSON, signed with HMAC-SHA256 in X-Signature when a secret is set). Outside production
 * and without a webhook, the message is written as a file to the dev mailbox instead — never to
 * a log, which must not hold a credential.
 */
@Injectable()
export class SignInCodeDelivery {
  constructor(@Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig) {}

  async deliver(message: SignInCodeMessage): Promise<void> {
    const { webhookUrl, webhookSecret, devMailboxDir } = this.config.signInCodeDelivery;
    const body = JSON.stringify(message);
    if (webhookUrl) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (webhookSecret) {
        headers['x-signature'] =
          `sha256=${createHmac('sha256', webhookSecret).update(body).digest('hex')}`;
      }
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`sign-in code webhook answered ${response.status}`);
      return;
    }
    if (this.config.nodeEnvironment === 'production') {
      throw new Error('no SIGN_IN_CODE_WEBHOOK_URL: cannot deliver sign-in codes');
    }
    await mkdir(devMailboxDir, { recursive: true, mode: 0o700 });
    const file = join(
      devMailboxDir,
      `${Date.now()}-${message.to.replaceAll(/[^a-z0-9@.+]/gi, '_')}.json`,
    );
    await writeFile(file, body, { mode: 0o600 });
  }
}
