import { PlatformModule } from '@loyalty/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AdminModule } from './admin/admin.module';
import { JobRoutingCheck } from './common/job-routing';
import { DiagnosticsModule } from './diagnostics/diagnostics.module';
import { LedgerMaintenanceModule } from './ledger-maintenance/ledger-maintenance.module';
import { ValueScoringModule } from './scoring/value-scoring.module';

@Module({})
export class ValueScoringWorkerModule {
  static async forRoot(): Promise<DynamicModule> {
    return {
      module: ValueScoringWorkerModule,
      imports: [
        await PlatformModule.forRoot({ app: 'value-scoring-worker', queueRole: 'worker' }),
        AdminModule,
        DiagnosticsModule,
        LedgerMaintenanceModule,
        ValueScoringModule,
        DiscoveryModule,
      ],
      providers: [JobRoutingCheck],
    };
  }
}
