import {
  LedgerEventsProducer,
  type OutboxSweepPayload,
  type OutboxSweepResult,
  WebhooksProducer,
} from '@loyalty/messaging';
import { OutboxRepository, WebhookRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

/** Rows looked at per run; a larger backlog is taken over the next runs. */
const SWEEP_BATCH = 1_000;

/** States in which a job will still run by itself. */
const IN_FLIGHT = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

/**
 * Makes PostgreSQL, not Redis, the record of what must still happen. An event published but
 * not consumed whose job is gone from Redis (flushed, or a Redis restarted without its
 * append-only file) is handed back to the relay; a consumed event whose webhook delivery neither
 * succeeded nor has a job left is asked for again. A job that is still in flight is left alone,
 * and so is one that failed for good: that is a dead letter, for an operator to replay.
 */
@Injectable()
export class SweepOutboxUseCase {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly webhooks: WebhookRepository,
    private readonly ledgerEvents: LedgerEventsProducer,
    private readonly deliveries: WebhooksProducer,
  ) {}

  async execute(
    payload: OutboxSweepPayload,
    defaultAfterSeconds: number,
  ): Promise<OutboxSweepResult> {
    const afterSeconds = payload.olderThanSeconds ?? defaultAfterSeconds;
    const lost: string[] = [];
    for (const row of await this.outbox.unconsumed(afterSeconds, SWEEP_BATCH)) {
      const job = await this.ledgerEvents.jobOf(row.outboxId, row.publishCount);
      if (!job || (await job.getState()) === 'completed') lost.push(row.outboxId);
    }
    if (lost.length > 0) await this.outbox.republish(lost);

    let deliveriesAskedAgain = 0;
    for (const missing of await this.webhooks.undelivered(afterSeconds, SWEEP_BATCH)) {
      const job = await this.deliveries.deliveryOf(missing.endpointId, missing.outboxId);
      if (job && (IN_FLIGHT.has(await job.getState()) || (await job.isFailed()))) continue;
      const event = await this.outbox.find(missing.outboxId);
      if (!event) continue;
      // A completed job whose success was not logged is removed first, or the add is a no-op.
      await job?.remove();
      await this.deliveries.enqueueDelivery(missing.endpointId, event);
      deliveriesAskedAgain += 1;
    }
    return { eventsHandedBack: lost.length, deliveriesAskedAgain };
  }
}
