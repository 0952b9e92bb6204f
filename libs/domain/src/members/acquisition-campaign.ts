import type { AcquisitionChannel, Money } from './member';

/**
 * What marketing spent to acquire members through one channel in one period (dates in the
 * program's time zone, inclusive). A member acquired through it costs its spend divided by the
 * members it acquired: AC = campaign spend / customers acquired (domain.md).
 */
export interface AcquisitionCampaign {
  readonly id: string;
  readonly programId: string;
  readonly channel: AcquisitionChannel;
  readonly name: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly spend: Money;
  readonly membersAcquired: number;
}

/** The acquisition cost of each member the campaign acquired, in minor units; null before any. */
export const acquisitionCostPerMember = (campaign: AcquisitionCampaign): number | null =>
  campaign.membersAcquired > 0
    ? Math.round(campaign.spend.amountMinor / campaign.membersAcquired)
    : null;
