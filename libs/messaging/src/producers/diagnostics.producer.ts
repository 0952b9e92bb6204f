import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { type JobPayload, type JobResult, QueueName } from '../queues';

export type QueueProbeJob = Job<JobPayload<'queue-probe'>, JobResult<'queue-probe'>, 'queue-probe'>;

@Injectable()
export class DiagnosticsProducer {
  constructor(@InjectQueue(QueueName.Diagnostics) readonly queue: Queue) {}

  /** A probe is diagnostic: it is not retried, and a failed one says so at once. */
  enqueueQueueProbe(requestedBy: string): Promise<QueueProbeJob> {
    return this.queue.add(
      'queue-probe',
      { requestedBy, requestedAt: new Date().toISOString() },
      { attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: 24 * 3600 } },
    ) as Promise<QueueProbeJob>;
  }
}
