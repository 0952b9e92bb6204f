import { type JobsOfQueue, type LedgerEventPayload, QueueName } from '@loyalty/messaging';
import { OutboxRepository, WebhookRepository } from '@loyalty/persistence';
import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { type JobHandlers, JobProcessor, WORKER_OPTIONS } from '../common/job-processor';
import { eventOfOutbox } from '../common/outbox-pointer';
import { DeliveryFailed, postToEndpoint } from './post-to-endpoint';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';

const TIMEOUT_MS = 5_000;

/**
 * POSTs one event to one endpoint of the event's program, signed, and logs the attempt. A non-2xx
 * answer (a redirect too), a refused destination or a network failure fails the attempt, which BullMQ retries with exponential backoff; the event id lets
 * the receiver drop a delivery it already has (at least once, like every queue here).
 */
@Processor(QueueName.Webhooks, WORKER_OPTIONS)
export class WebhooksProcessor extends JobProcessor<JobsOfQueue<QueueName.Webhooks>> {
  protected readonly handlers: JobHandlers<JobsOfQueue<QueueName.Webhooks>> = {
    'deliver-webhook': async (payload, job) => {
      const event = await eventOfOutbox(this.outbox, payload.event);
      // A replayed event, or a job asked for again by the sweep, is not sent twice.
      if (await this.webhooks.delivered(payload.endpointId, event.outboxId)) {
        return { alreadyDelivered: true as const };
      }
      return this.deliver(payload.endpointId, event, job);
    },
  };

  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly outbox: OutboxRepository,
    @Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig,
    logger: PinoLogger,
  ) {
    super(logger);
    this.logger.setContext(WebhooksProcessor.name);
  }

  private async deliver(
    endpointId: string,
    event: LedgerEventPayload,
    job: Job,
  ): Promise<{ statusCode: number }> {
    const endpoint = await this.webhooks.endpointWithSecret(endpointId);
    if (!endpoint || endpoint.disabledAt) throw new UnrecoverableError('the endpoint is disabled');
    if (endpoint.programId !== event.programId) {
      throw new UnrecoverableError('the event is of another program than the endpoint');
    }
    const body = JSON.stringify({
      id: event.outboxId,
      type: event.type,
      programId: event.programId,
      memberId: event.memberId,
      occurredAt: event.occurredAt,
      data: event.data,
    });
    const attempt = {
      endpointId,
      outboxId: event.outboxId,
      eventType: event.type,
      attempt: job.attemptsMade + 1,
    };
    let answer: { statusCode: number };
    try {
      answer = await postToEndpoint(
        endpoint.url,
        body,
        {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signWebhook(endpoint.secret, body, new Date()),
          'loyalty-event-id': event.outboxId,
        },
        this.config.webhooks,
        TIMEOUT_MS,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const statusCode = error instanceof DeliveryFailed ? error.statusCode : null;
      await this.webhooks.logAttempt({ ...attempt, statusCode, error: message, succeeded: false });
      if (error instanceof DeliveryFailed && error.refused) throw new UnrecoverableError(message);
      throw error;
    }
    const { statusCode } = answer;
    await this.webhooks.logAttempt({ ...attempt, statusCode, error: null, succeeded: true });
    return { statusCode };
  }
}
