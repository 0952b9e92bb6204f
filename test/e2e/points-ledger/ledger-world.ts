import { startLedgerWorld, type LedgerWorld } from '@loyalty/testing';
import { createCardIssuanceApp } from '../../../apps/card-issuance/src/card-issuance.app';
import { createPointsLedgerApp } from '../../../apps/points-ledger/src/points-ledger.app';

/** The ledger and card-issuance apps in this process, with a program of the spec's own. */
export const startWorld = (environment: Record<string, string> = {}): Promise<LedgerWorld> =>
  startLedgerWorld({ createCardIssuanceApp, createPointsLedgerApp }, environment);
