import { DomainError, DomainErrorCode } from '@loyalty/domain';
import { DiagnosticsProducer, type QueueProbeResult } from '@loyalty/messaging';
import { Injectable } from '@nestjs/common';
import { DiagnosticsQueueEvents } from './diagnostics-queue-events';

export interface QueueProbeOutcome extends QueueProbeResult {
  readonly jobId: string;
  readonly roundTripMs: number;
}

/** Sends a probe through Redis to a worker and waits for its answer. */
@Injectable()
export class RunQueueProbeUseCase {
  constructor(
    private readonly producer: DiagnosticsProducer,
    private readonly events: DiagnosticsQueueEvents,
  ) {}

  async execute(request: { requestedBy: string; timeoutMs: number }): Promise<QueueProbeOutcome> {
    const started = performance.now();
    await this.events.queueEvents.waitUntilReady();
    const job = await this.producer.enqueueQueueProbe(request.requestedBy);
    try {
      const result = await job.waitUntilFinished(this.events.queueEvents, request.timeoutMs);
      return { jobId: String(job.id), roundTripMs: Math.round(performance.now() - started), ...result };
    } catch (error) {
      if (error instanceof Error && error.message.includes('timed out')) {
        throw new DomainError(
          DomainErrorCode.QueueProbeTimedOut,
          `no worker finished probe ${String(job.id)} within ${request.timeoutMs} ms`,
        );
      }
      throw error;
    }
  }
}
