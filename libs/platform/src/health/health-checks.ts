import { Injectable } from '@nestjs/common';

/** A check throws (or rejects) when what it checks is not healthy. */
export type HealthProbe = (signal: AbortSignal) => Promise<unknown> | void;

/**
 * Checks beyond the built-in ones: a module registers what its app's liveness or readiness
 * depends on (the worker registers its BullMQ workers' liveness).
 */
@Injectable()
export class HealthChecks {
  readonly liveness = new Map<string, HealthProbe>();
  readonly readiness = new Map<string, HealthProbe>();

  addLiveness(key: string, probe: HealthProbe): void {
    this.liveness.set(key, probe);
  }

  addReadiness(key: string, probe: HealthProbe): void {
    this.readiness.set(key, probe);
  }
}
