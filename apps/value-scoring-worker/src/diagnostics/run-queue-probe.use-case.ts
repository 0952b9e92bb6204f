import { DomainError, DomainErrorCode } from '@loyalty/domain';
import { DiagnosticsProducer, type QueueProbeResult } from '@loyalty/messaging';
import { Injectable } from '@nestjs/common';
import { DiagnosticsQueueEvents } from './diagnostics-queue-events';

export interface QueueProbeOutcome extends QueueProbeResult {
  readonly jobId: string;
  readonly roundTripMs: number;
}

/**
 * Sends a probe through Redis to a worker and waits for its answer, all within the timeout: the
 * worker's Redis connections wait out an outage, so an unbounded probe would hang its caller.
 */
@Injectable()
export class RunQueueProbeUseCase {
  constructor(
    private readonly producer: DiagnosticsProducer,
    private readonly events: DiagnosticsQueueEvents,
  ) {}

  async execute(request: { requestedBy: string; timeoutMs: number }): Promise<QueueProbeOutcome> {
    const started = performance.now();
    const deadline = AbortSignal.timeout(request.timeoutMs);
    const timedOut = new Promise<never>((_, reject) =>
      deadline.addEventListener('abort', () =>
        reject(
          new DomainError(
            DomainErrorCode.QueueProbeTimedOut,
            `no worker finished the probe within ${request.timeoutMs} ms`,
          ),
        ),
      ),
    );
    const roundTrip = async (): Promise<QueueProbeOutcome> => {
      await this.events.queueEvents.waitUntilReady();
      const job = await this.producer.enqueueQueueProbe(request.requestedBy);
      const result = await job.waitUntilFinished(this.events.queueEvents, request.timeoutMs);
      return {
        jobId: String(job.id),
        roundTripMs: Math.round(performance.now() - started),
        ...result,
      };
    };
    return Promise.race([roundTrip(), timedOut]);
  }
}
