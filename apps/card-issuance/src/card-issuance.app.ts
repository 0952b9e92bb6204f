import { createHttpApp } from '@loyalty/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CardIssuanceModule } from './card-issuance.module';

export const createCardIssuanceApp = (): Promise<NestFastifyApplication> =>
  createHttpApp(CardIssuanceModule.forRoot(), {
    title: 'Card issuance',
    description: 'Stores, members, loyalty cards and sign-in.',
  });
