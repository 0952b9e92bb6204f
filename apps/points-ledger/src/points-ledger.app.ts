import { createHttpApp } from '@loyalty/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PointsLedgerModule } from './points-ledger.module';

export const createPointsLedgerApp = (): Promise<NestFastifyApplication> =>
  createHttpApp(PointsLedgerModule.forRoot(), {
    title: 'Points ledger',
    description:
      'Purchases earn points, redemptions spend them: an exactly-once, double-entry points ledger.',
  });
