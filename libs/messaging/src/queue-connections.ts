import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { QueueName } from './queues';

/**
 * The Redis connections of the app's queues. Readiness pings them, not only the app's own
 * client: they reconnect on their own schedule after an outage, and enqueuing needs them. Their
 * connection errors are logged as structured warnings; without a listener BullMQ prints raw stacks.
 */
@Injectable()
export class QueueConnections implements OnModuleInit {
  private queues: Queue[] = [];

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(QueueConnections.name);
  }

  onModuleInit(): void {
    this.queues = Object.values(QueueName).map((name) =>
      this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }),
    );
    for (const queue of this.queues) {
      queue.on('error', (error) =>
        this.logger.warn({ err: error, queue: queue.name }, 'queue connection error; reconnecting'),
      );
    }
  }

  async ping(): Promise<void> {
    await Promise.all(
      this.queues.map(async (queue) => {
        // The queues run on BullMQ's Redis backend, whose client is ioredis.
        const client = (await queue.getBackend().client) as unknown as Redis;
        await client.ping();
      }),
    );
  }
}
