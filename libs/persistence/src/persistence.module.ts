import { type AppName, type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { buildDataSourceOptions } from './data-source-options';
import { Database } from './database';
import { IdempotentRequests } from './idempotency/idempotency-keys';
import { AcquisitionCampaignRepository } from './repositories/members/acquisition-campaign.repository';
import { CardRepository } from './repositories/members/card.repository';
import { EarningRulesRepository } from './repositories/ledger/earning-rules.repository';
import { LedgerReadsRepository } from './repositories/ledger/ledger-reads.repository';
import { LedgerRepository } from './repositories/ledger/ledger.repository';
import { OutboxRepository } from './repositories/ledger/outbox.repository';
import { ClvHistoryRepository } from './repositories/value/clv-history.repository';
import { InsightsRepository } from './repositories/value/insights.repository';
import { ValuePolicyRepository } from './repositories/value/value-policy.repository';
import { RescoreRequestRepository } from './repositories/value/rescore-request.repository';
import { ScoreFreshnessRepository } from './repositories/value/score-freshness.repository';
import { ValueScoringRepository } from './repositories/value/value-scoring.repository';
import { MemberValueRepository } from './repositories/value/member-value.repository';
import { WebhookRepository } from './repositories/value/webhook.repository';
import { RedemptionCodeRepository } from './repositories/ledger/redemption-code.repository';
import { MemberSignInCodeRepository } from './repositories/members/member-sign-in-code.repository';
import { MemberRepository } from './repositories/members/member.repository';
import { MemberDirectoryRepository } from './repositories/members/member-directory.repository';
import { MemberMergeRepository } from './repositories/members/member-merge.repository';
import { ImportRepository } from './repositories/imports/import.repository';
import { PosApiKeyRepository } from './repositories/access/pos-api-key.repository';
import { ProgramRepository } from './repositories/programs/program.repository';
import { RefreshTokenRepository } from './repositories/access/refresh-token.repository';
import { StaffRepository } from './repositories/access/staff.repository';
import { StoreRepository } from './repositories/programs/store.repository';
import { CatalogRepository } from './repositories/rewards/catalog.repository';
import { RewardsInsightsRepository } from './repositories/value/rewards-insights.repository';
import { ReferralRepository } from './repositories/members/referral.repository';
import { CampaignBudgetRepository } from './repositories/ledger/campaign-budget.repository';

const repositories = [
  Database,
  IdempotentRequests,
  AcquisitionCampaignRepository,
  CampaignBudgetRepository,
  CardRepository,
  CatalogRepository,
  ClvHistoryRepository,
  EarningRulesRepository,
  InsightsRepository,
  LedgerReadsRepository,
  LedgerRepository,
  OutboxRepository,
  RedemptionCodeRepository,
  MemberRepository,
  MemberDirectoryRepository,
  MemberMergeRepository,
  ImportRepository,
  MemberSignInCodeRepository,
  PosApiKeyRepository,
  ProgramRepository,
  ReferralRepository,
  RefreshTokenRepository,
  RewardsInsightsRepository,
  StaffRepository,
  StoreRepository,
  ValuePolicyRepository,
  ValueScoringRepository,
  MemberValueRepository,
  ScoreFreshnessRepository,
  RescoreRequestRepository,
  WebhookRepository,
];

@Module({})
export class PersistenceModule {
  /** The app's one DataSource, named after the app in pg_stat_activity, and the repositories. */
  static forRoot(appName: AppName): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [loyaltyConfig.KEY],
          useFactory: (config: LoyaltyConfig) => ({
            ...buildDataSourceOptions(config.database, appName),
            // Fail the boot quickly and visibly rather than retrying for half a minute.
            retryAttempts: 2,
            retryDelay: 1000,
          }),
        }),
      ],
      providers: repositories,
      exports: repositories,
    };
  }
}
