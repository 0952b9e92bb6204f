import { LedgerModule } from '@loyalty/ledger';
import { Module } from '@nestjs/common';
import { LedgerMaintenanceProcessor } from './ledger-maintenance.processor';

@Module({ imports: [LedgerModule], providers: [LedgerMaintenanceProcessor] })
export class LedgerMaintenanceModule {}
