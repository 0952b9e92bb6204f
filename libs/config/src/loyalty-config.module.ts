import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { validateEnvironment } from './validate-environment';
import { loyaltyConfig } from './loyalty-config';

@Module({})
export class LoyaltyConfigModule {
  /**
   * Validates the environment when called, so an app calls it while it boots (not at import):
   * a missing or malformed variable stops the app with an error naming it. Configuration comes
   * from the process environment only; scripts/start.sh reads a local .env file into it.
   */
  static forRoot(): Promise<DynamicModule> {
    return ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      cache: true,
      validate: validateEnvironment,
      load: [loyaltyConfig],
    });
  }
}
