import { LedgerModule } from '@loyalty/ledger';
import { Module } from '@nestjs/common';
import { FitClvModelUseCase } from './fit-clv-model.use-case';
import { LedgerEventsProcessor } from './ledger-events.processor';
import { PayRewardsUseCase } from './pay-rewards.use-case';
import { RescoreProgramUseCase } from './rescore-program.use-case';
import { ScoreMembersUseCase } from './score-members.use-case';
import { ValueScoringProcessor } from './value-scoring.processor';
import { ValueScoringSchedule } from './value-scoring.schedule';
import { WebhooksProcessor } from '../webhooks/webhooks.processor';

@Module({
  imports: [LedgerModule],
  providers: [
    LedgerEventsProcessor,
    ValueScoringProcessor,
    ValueScoringSchedule,
    WebhooksProcessor,
    ScoreMembersUseCase,
    PayRewardsUseCase,
    FitClvModelUseCase,
    RescoreProgramUseCase,
  ],
})
export class ValueScoringModule {}
