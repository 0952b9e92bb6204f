import { PlatformModule } from '@loyalty/platform';
import { type DynamicModule, Module } from '@nestjs/common';

@Module({})
export class PointsLedgerModule {
  static async forRoot(): Promise<DynamicModule> {
    return {
      module: PointsLedgerModule,
      imports: [await PlatformModule.forRoot({ app: 'points-ledger', queueRole: 'producer' })],
    };
  }
}
