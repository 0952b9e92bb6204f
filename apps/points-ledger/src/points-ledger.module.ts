import { AuthModule } from '@loyalty/auth';
import { LedgerModule, OutboxRelay } from '@loyalty/ledger';
import { Barcodes, PlatformModule } from '@loyalty/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { AdjustmentsController } from './adjustments/adjustments.controller';
import { ListAdjustmentRequestsUseCase } from './adjustments/list-adjustment-requests.use-case';
import { CampaignsController } from './earning-rules/campaigns.controller';
import { EarningRulesController } from './earning-rules/earning-rules.controller';
import { PreviewEarningRulesUseCase } from './earning-rules/preview-earning-rules.use-case';
import { AnswerSurveyUseCase } from './insights/answer-survey.use-case';
import { InsightsController } from './insights/insights.controller';
import { ReadInsightsUseCase } from './insights/read-insights.use-case';
import { ManagePointLimitsUseCase } from './point-limits/manage-point-limits.use-case';
import { PointLimitsController } from './point-limits/point-limits.controller';
import { PointsController } from './points/points.controller';
import { ReadPointsUseCase } from './points/read-points.use-case';
import { ProgramController } from './program/program.controller';
import { ReadProgramProfileUseCase } from './program/read-program-profile.use-case';
import { SetProgramSettingsUseCase } from './program/set-program-settings.use-case';
import { PurchasesController } from './purchases/purchases.controller';
import { ReadPurchaseUseCase } from './purchases/read-purchase.use-case';
import { RedemptionsController } from './redemptions/redemptions.controller';
import { HoldsController } from './holds/holds.controller';
import { ImportsController } from './imports/imports.controller';
import { MemberValueController } from './member-value/member-value.controller';
import { ReadMemberValueUseCase } from './member-value/read-member-value.use-case';
import { ReadHoldUseCase } from './holds/read-hold.use-case';
import { StaffOperationsController } from './staff-operations/staff-operations.controller';
import { TransfersController } from './transfers/transfers.controller';
import { RescoreProgramUseCase } from './rescores/rescore-program.use-case';
import { RescoresController } from './rescores/rescores.controller';
import { ReadMyTierUseCase } from './tiers/read-my-tier.use-case';
import { TiersController } from './tiers/tiers.controller';
import { ManageValuePoliciesUseCase } from './value-policies/manage-value-policies.use-case';
import { ValuePoliciesController } from './value-policies/value-policies.controller';
import { ManageWebhooksUseCase } from './webhooks/manage-webhooks.use-case';
import { WebhooksController } from './webhooks/webhooks.controller';
import { ManageRewardsCatalogUseCase } from './rewards-catalog/manage-rewards-catalog.use-case';
import { RewardsCatalogController } from './rewards-catalog/rewards-catalog.controller';
import { MemberVouchersController } from './vouchers/member-vouchers.controller';
import { PosVouchersController } from './vouchers/pos-vouchers.controller';
import { ReadVouchersUseCase } from './vouchers/read-vouchers.use-case';

@Module({})
export class PointsLedgerModule {
  static async forRoot(): Promise<DynamicModule> {
    return {
      module: PointsLedgerModule,
      imports: [
        await PlatformModule.forRoot({ app: 'points-ledger', queueRole: 'producer' }),
        AuthModule,
        LedgerModule,
      ],
      controllers: [
        PurchasesController,
        ProgramController,
        RedemptionsController,
        HoldsController,
        ImportsController,
        MemberValueController,
        PointsController,
        StaffOperationsController,
        TransfersController,
        AdjustmentsController,
        PointLimitsController,
        EarningRulesController,
        CampaignsController,
        ValuePoliciesController,
        TiersController,
        RescoresController,
        InsightsController,
        WebhooksController,
        RewardsCatalogController,
        MemberVouchersController,
        PosVouchersController,
      ],
      providers: [
        OutboxRelay,
        Barcodes,
        ManageRewardsCatalogUseCase,
        ReadVouchersUseCase,
        ReadInsightsUseCase,
        AnswerSurveyUseCase,
        ManageValuePoliciesUseCase,
        ReadMyTierUseCase,
        RescoreProgramUseCase,
        ManageWebhooksUseCase,
        ListAdjustmentRequestsUseCase,
        ManagePointLimitsUseCase,
        ReadPointsUseCase,
        ReadPurchaseUseCase,
        ReadHoldUseCase,
        ReadMemberValueUseCase,
        ReadProgramProfileUseCase,
        SetProgramSettingsUseCase,
        PreviewEarningRulesUseCase,
      ],
    };
  }
}
