import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { DomainError, DomainErrorCode } from '@loyalty/domain';
import {
  type WebhookDeliveryAttempt,
  type WebhookEndpoint,
  WebhookRepository,
} from '@loyalty/persistence';
import { refusalOfDestination } from '@loyalty/platform';
import { Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';

const webhookNotFound = () =>
  new DomainError(
    DomainErrorCode.WebhookNotFound,
    'no live endpoint of the program has this id',
    'webhookId',
  );

/**
 * A program's webhook endpoints. Deliveries are POSTs of `{id, type, programId, memberId,
 * occurredAt, data}` signed `loyalty-signature: t=…,v1=HMAC-SHA256(secret, "t.body")`, retried
 * with backoff, each attempt in the delivery log.
 */
@Injectable()
export class ManageWebhooksUseCase {
  constructor(
    private readonly webhooks: WebhookRepository,
    @Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig,
  ) {}

  /** Registers an endpoint; its signing secret is answered this once. */
  async register(
    programId: string,
    url: string,
    eventTypes: readonly string[],
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    // Checked again at every delivery, against the addresses the connection then uses.
    const refusal = await refusalOfDestination(url, this.config.webhooks);
    if (refusal) {
      throw new DomainError(
        DomainErrorCode.WebhookUrlNotAllowed,
        `this URL may not receive webhooks: ${refusal}`,
        'url',
      );
    }
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const endpoint = await this.webhooks.create({
      id: randomUUID(),
      programId,
      url,
      secret,
      eventTypes: [...new Set(eventTypes)],
    });
    return { endpoint, secret };
  }

  list(programId: string): Promise<WebhookEndpoint[]> {
    return this.webhooks.list(programId);
  }

  /** The delivery log of one of the program's endpoints. */
  async deliveries(
    programId: string,
    webhookId: string,
  ): Promise<(WebhookDeliveryAttempt & { attemptedAt: Date })[]> {
    const owned = (await this.webhooks.list(programId)).some((each) => each.id === webhookId);
    if (!owned) throw webhookNotFound();
    return this.webhooks.deliveries(webhookId);
  }

  async disable(programId: string, webhookId: string): Promise<void> {
    if (!(await this.webhooks.disable(programId, webhookId))) throw webhookNotFound();
  }
}
