import { LedgerModule } from '@loyalty/ledger';
import { Module } from '@nestjs/common';
import { LedgerMaintenanceProcessor } from './ledger-maintenance.processor';
import { PayRewardsUseCase } from '../scoring/pay-rewards.use-case';
import { SettleReferralsUseCase } from './settle-referrals.use-case';
import { SweepOutboxUseCase } from './sweep-outbox.use-case';

@Module({
  imports: [LedgerModule],
  providers: [
    LedgerMaintenanceProcessor,
    SweepOutboxUseCase,
    SettleReferralsUseCase,
    PayRewardsUseCase,
  ],
})
export class LedgerMaintenanceModule {}
