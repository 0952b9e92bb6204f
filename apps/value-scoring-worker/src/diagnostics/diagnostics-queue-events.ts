import { QueueName } from '@loyalty/messaging';
import { QueueEventsHost, QueueEventsListener } from '@nestjs/bullmq';

/** Completion events of the diagnostics queue, to wait for a probe's result. */
@QueueEventsListener(QueueName.Diagnostics)
export class DiagnosticsQueueEvents extends QueueEventsHost {}
