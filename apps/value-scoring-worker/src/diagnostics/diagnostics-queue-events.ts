import { QueueName } from '@loyalty/messaging';
import { OnQueueEvent, QueueEventsHost, QueueEventsListener } from '@nestjs/bullmq';
import { PinoLogger } from 'nestjs-pino';

/** Completion events of the diagnostics queue, to wait for a probe's result. */
@QueueEventsListener(QueueName.Diagnostics)
export class DiagnosticsQueueEvents extends QueueEventsHost {
  constructor(private readonly logger: PinoLogger) {
    super();
    this.logger.setContext(DiagnosticsQueueEvents.name);
  }

  @OnQueueEvent('error')
  onError(error: Error): void {
    this.logger.warn({ err: error }, 'queue events connection error; reconnecting');
  }
}
