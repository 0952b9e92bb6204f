import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { type LedgerEventPayload, QueueName } from '../queues';
import { TypedQueue } from '../typed-queue';

/**
 * The job id of an outbox row. BullMQ refuses integer custom ids, hence the prefix; the id makes a
 * re-published row (a relay that crashed before marking it) a no-op while the job is kept. A row
 * handed back after its job was lost (`publishCount` > 0) gets a new id, so it is added again
 * even where an old job of it is still kept.
 */
export const ledgerEventJobId = (outboxId: string, publishCount = 0): string =>
  publishCount > 0 ? `outbox-${outboxId}-${publishCount}` : `outbox-${outboxId}`;

/** Ledger changes are facts: their jobs are retried long and kept a week for late consumers. */
const LEDGER_EVENT_JOB_OPTIONS = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: false,
} as const;

@Injectable()
export class LedgerEventsProducer {
  readonly jobs: TypedQueue<QueueName.LedgerEvents>;

  constructor(@InjectQueue(QueueName.LedgerEvents) queue: Queue) {
    this.jobs = new TypedQueue(queue);
  }

  /** Adds the events in the order given, atomically (one MULTI). */
  async publish(
    events: readonly (LedgerEventPayload & {
      readonly publishCount?: number;
      readonly consumedAt?: unknown;
    })[],
  ): Promise<void> {
    await this.jobs.addBulk(
      // The row's state (publishCount, consumedAt) is not part of the event.
      events.map(({ publishCount, consumedAt, ...event }) => ({
        name: 'ledger-event' as const,
        payload: event,
        options: {
          ...LEDGER_EVENT_JOB_OPTIONS,
          jobId: ledgerEventJobId(event.outboxId, publishCount),
        },
      })),
    );
  }

  /** The job that carries an outbox row's latest publication, while Redis keeps it. */
  jobOf(outboxId: string, publishCount: number): Promise<Job | undefined> {
    return this.jobs.getJob(ledgerEventJobId(outboxId, publishCount));
  }
}
