import 'reflect-metadata';
import { runHttpApp } from '@loyalty/platform';
import { createCardIssuanceApp } from './card-issuance.app';

runHttpApp('card-issuance', createCardIssuanceApp);
