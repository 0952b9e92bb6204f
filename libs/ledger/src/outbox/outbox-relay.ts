import { LedgerEventsProducer } from '@loyalty/messaging';
import { OutboxRepository } from '@loyalty/persistence';
import {
  Injectable,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';

const BATCH_SIZE = 500;
/** How long the relay rests when the outbox is empty; new rows wait at most this long. */
const IDLE_MS = 200;
const MAX_BACKOFF_MS = 10_000;

/**
 * Moves outbox rows to the ledger-events queue, oldest first, at least once (the job id is the
 * outbox id, so a re-publish is a no-op). Runs in every points-ledger replica; an advisory lock
 * lets one relay at a time, which keeps each member's events in order.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly producer: LedgerEventsProducer,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(OutboxRelay.name);
  }

  onApplicationBootstrap(): void {
    this.running = this.loop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  /** Relays one batch now; the number relayed, or null when another relay holds the lock. */
  relayOnce(): Promise<number | null> {
    return this.outbox.relayNext(BATCH_SIZE, (events) => this.producer.publish(events));
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      let relayed: number | null = 0;
      try {
        relayed = await this.relayOnce();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.logger.warn({ err: error, failures }, 'outbox relay failed; retrying');
      }
      if (relayed === BATCH_SIZE) continue;
      await this.rest(failures > 0 ? Math.min(IDLE_MS * 2 ** failures, MAX_BACKOFF_MS) : IDLE_MS);
    }
  }

  private rest(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
