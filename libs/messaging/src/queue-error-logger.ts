import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { QueueName } from './queues';

/**
 * Logs the connection errors of every queue as structured warnings: while Redis is away BullMQ
 * reconnects by itself, and a queue without an 'error' listener prints raw stack traces.
 */
@Injectable()
export class QueueErrorLogger implements OnModuleInit {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(QueueErrorLogger.name);
  }

  onModuleInit(): void {
    for (const name of Object.values(QueueName)) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      queue.on('error', (error) =>
        this.logger.warn({ err: error, queue: name }, 'queue connection error; reconnecting'),
      );
    }
  }
}
