import { AcquisitionCampaignEntity } from './acquisition-campaign.entity';
import { AdjustmentRequestEntity } from './adjustment-request.entity';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { ValuePolicyEntity } from './value-policy.entity';
import { ClvModelEntity } from './clv-model.entity';
import { MemberScoreEntity } from './member-score.entity';
import { MemberTierEntity } from './member-tier.entity';
import { TierChangeEntity } from './tier-change.entity';
import { RewardGrantEntity } from './reward-grant.entity';
import { PortfolioSnapshotEntity } from './portfolio-snapshot.entity';
import { SurveyResponseEntity } from './survey-response.entity';
import { EarningRuleSetEntity } from './earning-rule-set.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { JournalEntryEntity } from './journal-entry.entity';
import { JournalTransactionEntity } from './journal-transaction.entity';
import { LedgerAccountEntity } from './ledger-account.entity';
import { LotEntity } from './lot.entity';
import { LotMovementEntity } from './lot-movement.entity';
import { OutboxEventEntity } from './outbox-event.entity';
import { PurchaseEntity } from './purchase.entity';
import { PurchaseRefundEntity } from './purchase-refund.entity';
import { RedemptionCodeEntity } from './redemption-code.entity';
import { CardBatchEntity } from './card-batch.entity';
import { CardEventEntity } from './card-event.entity';
import { CardEntity } from './card.entity';
import { MemberSignInCodeEntity } from './member-sign-in-code.entity';
import { MemberEntity } from './member.entity';
import { PosApiKeyEntity } from './pos-api-key.entity';
import { ProgramEntity } from './program.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { StaffMemberEntity } from './staff-member.entity';
import { StoreEntity } from './store.entity';
import { RescoreRequestEntity } from './rescore-request.entity';
import { PointHoldEntity } from './point-hold.entity';
import { MemberMergeEntity } from './member-merge.entity';
import { ImportEntity } from './import.entity';
import { CatalogRewardEntity } from './catalog-reward.entity';
import { CatalogRewardVersionEntity } from './catalog-reward-version.entity';
import { VoucherEntity } from './voucher.entity';
import { CampaignBudgetEntity } from './campaign-budget.entity';
import { CampaignCreditEntity } from './campaign-credit.entity';
import { ReferralEntity } from './referral.entity';

export {
  AcquisitionCampaignEntity,
  AdjustmentRequestEntity,
  WebhookEndpointEntity,
  WebhookDeliveryEntity,
  ValuePolicyEntity,
  ClvModelEntity,
  MemberScoreEntity,
  MemberTierEntity,
  TierChangeEntity,
  RewardGrantEntity,
  PortfolioSnapshotEntity,
  SurveyResponseEntity,
  EarningRuleSetEntity,
  IdempotencyKeyEntity,
  JournalEntryEntity,
  JournalTransactionEntity,
  LedgerAccountEntity,
  LotEntity,
  LotMovementEntity,
  OutboxEventEntity,
  PurchaseEntity,
  PurchaseRefundEntity,
  RedemptionCodeEntity,
  CardBatchEntity,
  CardEntity,
  CardEventEntity,
  MemberEntity,
  MemberSignInCodeEntity,
  PosApiKeyEntity,
  ProgramEntity,
  RefreshTokenEntity,
  StaffMemberEntity,
  StoreEntity,
  PointHoldEntity,
  MemberMergeEntity,
  ImportEntity,
  CatalogRewardEntity,
  CatalogRewardVersionEntity,
  VoucherEntity,
  CampaignBudgetEntity,
  CampaignCreditEntity,
  ReferralEntity,
};

/** Every entity, listed explicitly so that jest, dist/ and the TypeORM CLI load the same set. */
export const entities = [
  ProgramEntity,
  StoreEntity,
  StaffMemberEntity,
  RefreshTokenEntity,
  PosApiKeyEntity,
  MemberEntity,
  CardBatchEntity,
  CardEntity,
  CardEventEntity,
  MemberSignInCodeEntity,
  LedgerAccountEntity,
  EarningRuleSetEntity,
  JournalTransactionEntity,
  JournalEntryEntity,
  LotEntity,
  LotMovementEntity,
  PurchaseEntity,
  PurchaseRefundEntity,
  IdempotencyKeyEntity,
  RedemptionCodeEntity,
  OutboxEventEntity,
  ValuePolicyEntity,
  ClvModelEntity,
  MemberScoreEntity,
  MemberTierEntity,
  TierChangeEntity,
  RewardGrantEntity,
  PortfolioSnapshotEntity,
  SurveyResponseEntity,
  WebhookEndpointEntity,
  WebhookDeliveryEntity,
  AdjustmentRequestEntity,
  AcquisitionCampaignEntity,
  RescoreRequestEntity,
  PointHoldEntity,
  MemberMergeEntity,
  ImportEntity,
  CatalogRewardEntity,
  CatalogRewardVersionEntity,
  VoucherEntity,
  CampaignBudgetEntity,
  CampaignCreditEntity,
  ReferralEntity,
];
