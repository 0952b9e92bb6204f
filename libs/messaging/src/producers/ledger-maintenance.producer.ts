import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QueueName } from '../queues';
import { TypedQueue } from '../typed-queue';

/** The housekeeping queue, which only the worker's schedules (and operators' tools) add to. */
@Injectable()
export class LedgerMaintenanceProducer {
  readonly jobs: TypedQueue<QueueName.LedgerMaintenance>;

  constructor(@InjectQueue(QueueName.LedgerMaintenance) queue: Queue) {
    this.jobs = new TypedQueue(queue);
  }
}
