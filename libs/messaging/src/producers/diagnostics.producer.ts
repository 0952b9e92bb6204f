import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from '../queues';
import { type TypedJob, TypedQueue } from '../typed-queue';

export type QueueProbeJob = TypedJob<'queue-probe'>;

@Injectable()
export class DiagnosticsProducer {
  readonly jobs: TypedQueue<QueueName.Diagnostics>;

  constructor(@InjectQueue(QueueName.Diagnostics) queue: Queue) {
    this.jobs = new TypedQueue(queue);
  }

  /** A probe is diagnostic: it is not retried, and a failed one says so at once. */
  enqueueQueueProbe(requestedBy: string): Promise<QueueProbeJob> {
    return this.jobs.add(
      'queue-probe',
      { requestedBy, requestedAt: new Date().toISOString() },
      { attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: 24 * 3600 } },
    );
  }
}
