import { PlatformModule } from '@loyalty/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { StoresModule } from './stores/stores.module';

@Module({})
export class CardIssuanceModule {
  static async forRoot(): Promise<DynamicModule> {
    return {
      module: CardIssuanceModule,
      imports: [
        await PlatformModule.forRoot({ app: 'card-issuance', queueRole: 'producer' }),
        StoresModule,
      ],
    };
  }
}
