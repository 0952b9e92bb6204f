import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** How a member came to the program: feeds acquisition cost (CAC) and CLV per channel. */
export enum AcquisitionChannel {
  Store = 'store',
  Web = 'web',
  App = 'app',
  Referral = 'referral',
  Partner = 'partner',
  PaidSocial = 'paid_social',
  PaidSearch = 'paid_search',
  Email = 'email',
  Other = 'other',
}

export interface Money {
  /** Integer minor units (cents): never a float. */
  readonly amountMinor: number;
  /** ISO 4217 code. */
  readonly currency: string;
}

export interface Member {
  readonly id: string;
  readonly programId: string;
  readonly name: string | null;
  readonly email: string | null;
  /** E.164, e.g. +31612345678. */
  readonly phone: string | null;
  readonly enrolledStoreId: string;
  readonly acquisitionChannel: AcquisitionChannel;
  readonly acquisitionCampaign: string | null;
  /** The acquisition campaign that brought the member; their cost is its spend per member. */
  readonly acquisitionCampaignId: string | null;
  /** A cost recorded by hand before campaigns existed; null for members of a campaign. */
  readonly acquisitionCost: Money | null;
  readonly marketingConsent: boolean;
  readonly marketingConsentAt: Date | null;
  /** The CLV tier the value-scoring worker assigned; null until the member is first scored. */
  readonly tier: string | null;
  readonly enrolledAt: Date;
  /** Set once the member's personal data has been erased; the record stays, anonymous. */
  readonly erasedAt: Date | null;
  /** Set once this member, a duplicate, was merged into that member. */
  readonly mergedIntoMemberId: string | null;
}

/** Email addresses compare case-insensitively and without surrounding blanks. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * The phone in E.164, or null when it is not a valid number. A national number is read in the
 * program's country; an international one (+…) in its own.
 */
export function normalisePhone(phone: string, defaultCountry: string | null): string | null {
  const parsed = parsePhoneNumberFromString(phone.trim(), {
    defaultCountry: (defaultCountry ?? undefined) as CountryCode | undefined,
  });
  return parsed?.isValid() ? parsed.number : null;
}
