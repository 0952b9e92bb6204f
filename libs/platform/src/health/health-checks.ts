import { Injectable } from '@nestjs/common';

/** A check throws (or rejects) when what it checks is not healthy. */
export type HealthProbe = (signal: AbortSignal) => Promise<unknown> | void;

/**
 * Liveness checks beyond the built-in ones: a module registers what its app's liveness depends
 * on (the worker registers its BullMQ workers).
 */
@Injectable()
export class HealthChecks {
  readonly liveness = new Map<string, HealthProbe>();

  addLiveness(key: string, probe: HealthProbe): void {
    this.liveness.set(key, probe);
  }
}
