import { MEMBER_ACTIVITY_EVENTS } from '@loyalty/domain';
import {
  type JobsOfQueue,
  QueueName,
  ValueScoringProducer,
  WebhooksProducer,
} from '@loyalty/messaging';
import { OutboxRepository, WebhookRepository } from '@loyalty/persistence';
import { Processor } from '@nestjs/bullmq';
import { PinoLogger } from 'nestjs-pino';
import { type JobHandlers, JobProcessor, WORKER_OPTIONS } from '../common/job-processor';
import { eventOfOutbox } from '../common/outbox-pointer';

/**
 * Consumes the ledger's outbox: a member's purchase or refund asks for their scoring, which the
 * producer deduplicates per member; other events carry no new purchase history. Any event a
 * program's webhook endpoint subscribes to (tier.changed, points.rewarded, member.at_risk, …)
 * becomes one signed delivery per endpoint.
 */
@Processor(QueueName.LedgerEvents, WORKER_OPTIONS)
export class LedgerEventsProcessor extends JobProcessor<JobsOfQueue<QueueName.LedgerEvents>> {
  protected readonly handlers: JobHandlers<JobsOfQueue<QueueName.LedgerEvents>> = {
    'ledger-event': async (pointer) => {
      const event = await eventOfOutbox(this.outbox, pointer);
      // A second job of an event already consumed (it was handed back while its first job
      // still waited) has nothing left to do.
      if (event.consumedAt) return;
      if (event.memberId && MEMBER_ACTIVITY_EVENTS.has(event.type)) {
        await this.producer.enqueueScoreMember(event.programId, event.memberId);
      }
      for (const endpoint of await this.webhooks.subscribers(event.programId, event.type)) {
        await this.deliveries.enqueueDelivery(endpoint.id, event);
      }
      // Last: a crash before it leaves the event unconsumed, and the sweep publishes it again.
      await this.outbox.markConsumed(event.outboxId);
    },
  };

  constructor(
    private readonly producer: ValueScoringProducer,
    private readonly webhooks: WebhookRepository,
    private readonly outbox: OutboxRepository,
    private readonly deliveries: WebhooksProducer,
    logger: PinoLogger,
  ) {
    super(logger);
    this.logger.setContext(LedgerEventsProcessor.name);
  }
}
