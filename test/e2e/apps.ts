import type { AppName } from '@loyalty/config';
import { eventually, request, testConfig } from '@loyalty/testing';
import type { INestApplication } from '@nestjs/common';
import { createCardIssuanceApp } from '../../apps/card-issuance/src/card-issuance.app';
import { createPointsLedgerApp } from '../../apps/points-ledger/src/points-ledger.app';
import { createValueScoringWorkerApp } from '../../apps/value-scoring-worker/src/value-scoring-worker.app';

export interface AppUnderTest {
  readonly name: AppName;
  readonly create: () => Promise<INestApplication>;
  /** Waits until the app works again after a Redis outage, beyond answering readiness. */
  readonly recoveredFromRedisOutage: (baseUrl: string) => Promise<void>;
}

const nothingMore = (): Promise<void> => Promise.resolve();

/** A job makes the whole trip again: enqueued, consumed by the worker, its completion seen. */
export const queueProbeSucceeds = async (baseUrl: string): Promise<void> => {
  await eventually(
    () =>
      request(`${baseUrl}/v1/queue-probes`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${testConfig().platformOperatorToken}`,
        },
        body: JSON.stringify({ requestedBy: 'jest', timeoutMs: 1000 }),
      }),
    (response) => response.status === 201,
    { timeoutMs: 20_000 },
  );
};

/** The three apps, as the end-to-end specs boot them. */
export const APPS: readonly AppUnderTest[] = [
  { name: 'points-ledger', create: createPointsLedgerApp, recoveredFromRedisOutage: nothingMore },
  { name: 'card-issuance', create: createCardIssuanceApp, recoveredFromRedisOutage: nothingMore },
  {
    name: 'value-scoring-worker',
    create: createValueScoringWorkerApp,
    recoveredFromRedisOutage: queueProbeSucceeds,
  },
];
