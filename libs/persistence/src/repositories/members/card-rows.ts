import type {
  ActorKind,
  Card,
  CardBlockReason,
  CardEvent,
  CardKind,
  CardStatus,
  Member,
  AcquisitionChannel,
} from '@loyalty/domain';
import type { ColumnsOf } from '../../schema/rows';

export interface CardRow extends ColumnsOf<
  'cards',
  | 'id'
  | 'program_id'
  | 'member_id'
  | 'number'
  | 'replaced_by_card_id'
  | 'batch_id'
  | 'issued_at'
  | 'activated_at'
> {
  kind: CardKind;
  status: CardStatus;
  block_reason: CardBlockReason | null;
}

export const toCard = (row: CardRow): Card => ({
  id: row.id,
  programId: row.program_id,
  memberId: row.member_id,
  number: row.number,
  kind: row.kind,
  status: row.status,
  blockReason: row.block_reason,
  replacedByCardId: row.replaced_by_card_id,
  batchId: row.batch_id,
  issuedAt: row.issued_at,
  activatedAt: row.activated_at,
});

export interface CardEventRow extends ColumnsOf<
  'card_events',
  'id' | 'card_id' | 'reason' | 'actor_id' | 'occurred_at'
> {
  from_status: CardStatus | null;
  to_status: CardStatus;
  actor_kind: ActorKind;
}

export const toCardEvent = (row: CardEventRow): CardEvent => ({
  id: row.id,
  cardId: row.card_id,
  fromStatus: row.from_status,
  toStatus: row.to_status,
  reason: row.reason,
  actorKind: row.actor_kind,
  actorId: row.actor_id,
  occurredAt: row.occurred_at,
});

export interface MemberRow extends ColumnsOf<
  'members',
  | 'id'
  | 'program_id'
  | 'name'
  | 'email'
  | 'phone'
  | 'enrolled_store_id'
  | 'acquisition_campaign'
  | 'acquisition_campaign_id'
  | 'acquisition_cost_minor'
  | 'acquisition_cost_currency'
  | 'marketing_consent'
  | 'marketing_consent_at'
  | 'tier'
  | 'enrolled_at'
  | 'erased_at'
  | 'merged_into_member_id'
> {
  acquisition_channel: AcquisitionChannel;
}

export const toMember = (row: MemberRow): Member => ({
  id: row.id,
  programId: row.program_id,
  name: row.name,
  email: row.email,
  phone: row.phone,
  enrolledStoreId: row.enrolled_store_id,
  acquisitionChannel: row.acquisition_channel,
  acquisitionCampaign: row.acquisition_campaign,
  acquisitionCampaignId: row.acquisition_campaign_id,
  acquisitionCost:
    row.acquisition_cost_minor !== null && row.acquisition_cost_currency !== null
      ? { amountMinor: row.acquisition_cost_minor, currency: row.acquisition_cost_currency }
      : null,
  marketingConsent: row.marketing_consent,
  marketingConsentAt: row.marketing_consent_at,
  tier: row.tier,
  enrolledAt: row.enrolled_at,
  erasedAt: row.erased_at,
  mergedIntoMemberId: row.merged_into_member_id,
});
