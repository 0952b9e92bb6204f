import type { LedgerEventPayload } from '@loyalty/messaging';
import type { Queue } from 'bullmq';

/** One job per endpoint and event: a second add of the same delivery is a no-op while it is kept. */
export const webhookDeliveryJobId = (endpointId: string, outboxId: string): string =>
  `webhook-${endpointId}-${outboxId}`;

/** Asks for one signed delivery of an event to one endpoint, retried 8 times with backoff. */
export function enqueueWebhookDelivery(
  queue: Queue,
  endpointId: string,
  event: LedgerEventPayload,
): Promise<unknown> {
  const { outboxId, programId, memberId, type, data, occurredAt } = event;
  return queue.add(
    'deliver-webhook',
    { endpointId, event: { outboxId, programId, memberId, type, data, occurredAt } },
    {
      jobId: webhookDeliveryJobId(endpointId, event.outboxId),
      attempts: 8,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnFail: false,
    },
  );
}
