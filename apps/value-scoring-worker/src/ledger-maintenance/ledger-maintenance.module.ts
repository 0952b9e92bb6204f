import { LedgerModule } from '@loyalty/ledger';
import { Module } from '@nestjs/common';
import { LedgerMaintenanceProcessor } from './ledger-maintenance.processor';
import { SweepOutboxUseCase } from './sweep-outbox.use-case';

@Module({ imports: [LedgerModule], providers: [LedgerMaintenanceProcessor, SweepOutboxUseCase] })
export class LedgerMaintenanceModule {}
