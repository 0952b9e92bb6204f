import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { type LedgerEventPayload, QueueName } from '../queues';
import { type TypedJob, TypedQueue } from '../typed-queue';

/** One job per endpoint and event: a second add of the same delivery is a no-op while it is kept. */
export const webhookDeliveryJobId = (endpointId: string, outboxId: string): string =>
  `webhook-${endpointId}-${outboxId}`;

@Injectable()
export class WebhooksProducer {
  readonly jobs: TypedQueue<QueueName.Webhooks>;

  constructor(@InjectQueue(QueueName.Webhooks) queue: Queue) {
    this.jobs = new TypedQueue(queue);
  }

  /** Asks for one signed delivery of an event to one endpoint, retried 8 times with backoff. */
  enqueueDelivery(
    endpointId: string,
    event: LedgerEventPayload,
  ): Promise<TypedJob<'deliver-webhook'>> {
    // Only the event's own fields: a row read from the outbox carries its state too.
    const { outboxId, programId, memberId, type, data, occurredAt } = event;
    return this.jobs.add(
      'deliver-webhook',
      { endpointId, event: { outboxId, programId, memberId, type, data, occurredAt } },
      {
        jobId: webhookDeliveryJobId(endpointId, outboxId),
        attempts: 8,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnFail: false,
      },
    );
  }

  /** The delivery job of an event to an endpoint, while Redis keeps it. */
  deliveryOf(endpointId: string, outboxId: string): Promise<Job | undefined> {
    return this.jobs.getJob(webhookDeliveryJobId(endpointId, outboxId));
  }
}
