import 'reflect-metadata';
import { runHttpApp } from '@loyalty/platform';
import { createPointsLedgerApp } from './points-ledger.app';

runHttpApp('points-ledger', createPointsLedgerApp);
