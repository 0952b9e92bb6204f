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

export interface CardRow {
  id: string;
  program_id: string;
  member_id: string | null;
  number: string;
  kind: CardKind;
  status: CardStatus;
  block_reason: CardBlockReason | null;
  replaced_by_card_id: string | null;
  batch_id: string | null;
  issued_at: Date;
  activated_at: Date | null;
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

export interface CardEventRow {
  id: string;
  card_id: string;
  from_status: CardStatus | null;
  to_status: CardStatus;
  reason: string | null;
  actor_kind: ActorKind;
  actor_id: string | null;
  occurred_at: Date;
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

export interface MemberRow {
  id: string;
  program_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  enrolled_store_id: string;
  acquisition_channel: AcquisitionChannel;
  acquisition_campaign: string | null;
  acquisition_campaign_id: string | null;
  acquisition_cost_minor: number | null;
  acquisition_cost_currency: string | null;
  marketing_consent: boolean;
  marketing_consent_at: Date | null;
  tier: string | null;
  enrolled_at: Date;
  erased_at: Date | null;
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
});
