import { type JobsOfQueue, QueueName, ValueScoringProducer } from '@loyalty/messaging';
import { Processor } from '@nestjs/bullmq';
import { PinoLogger } from 'nestjs-pino';
import { type JobHandlers, JobProcessor } from '../common/job-processor';

/** Ledger events that change what a member is worth. */
const ACTIVITY = new Set(['purchase.recorded', 'purchase.refunded']);

/**
 * Consumes the ledger's outbox: a member's purchase or refund asks for their scoring, which the
 * producer deduplicates per member. Other events (points moves, the worker's own tier events)
 * carry no new purchase history and are acknowledged as they are.
 */
@Processor(QueueName.LedgerEvents)
export class LedgerEventsProcessor extends JobProcessor<JobsOfQueue<QueueName.LedgerEvents>> {
  protected readonly handlers: JobHandlers<JobsOfQueue<QueueName.LedgerEvents>> = {
    'ledger-event': async (event) => {
      if (event.memberId && ACTIVITY.has(event.type)) {
        await this.producer.enqueueScoreMember(event.programId, event.memberId);
      }
    },
  };

  constructor(
    private readonly producer: ValueScoringProducer,
    logger: PinoLogger,
  ) {
    super(logger);
    this.logger.setContext(LedgerEventsProcessor.name);
  }
}
