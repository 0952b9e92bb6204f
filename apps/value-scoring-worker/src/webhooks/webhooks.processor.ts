import { type JobsOfQueue, type LedgerEventPayload, QueueName } from '@loyalty/messaging';
import { WebhookRepository } from '@loyalty/persistence';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { type JobHandlers, JobProcessor } from '../common/job-processor';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';

const TIMEOUT_MS = 5_000;

/**
 * POSTs one event to one endpoint, signed, and logs the attempt. A non-2xx answer or a network
 * failure fails the attempt, which BullMQ retries with exponential backoff; the event id lets
 * the receiver drop a delivery it already has (at least once, like every queue here).
 */
@Processor(QueueName.Webhooks)
export class WebhooksProcessor extends JobProcessor<JobsOfQueue<QueueName.Webhooks>> {
  protected readonly handlers: JobHandlers<JobsOfQueue<QueueName.Webhooks>> = {
    'deliver-webhook': (payload, job) => this.deliver(payload.endpointId, payload.event, job),
  };

  constructor(
    private readonly webhooks: WebhookRepository,
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
    let statusCode: number | null = null;
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signWebhook(endpoint.secret, body, new Date()),
          'loyalty-event-id': event.outboxId,
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      statusCode = response.status;
      await response.body?.cancel();
      if (!response.ok) throw new Error(`the endpoint answered ${response.status}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.webhooks.logAttempt({ ...attempt, statusCode, error: message, succeeded: false });
      throw error;
    }
    await this.webhooks.logAttempt({ ...attempt, statusCode, error: null, succeeded: true });
    return { statusCode };
  }
}
