import type { ProgramPointLimits } from '../ledger/points-authority';
import type { ReferralPolicy } from '../members/referral';
import type { VoucherPolicy } from '../rewards/rewards-catalog';

/** A loyalty program: its currency, its card numbering and its card policy. */
export interface Program {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  /** ISO 4217. */
  readonly currency: string;
  readonly timezone: string;
  /** The digits every card number of the program starts with. */
  readonly cardPrefix: string;
  readonly maxActiveCardsPerMember: number;
  /** ISO 3166 country national phone numbers are read in; null means only +… numbers. */
  readonly phoneRegion: string | null;
  /** BCP 47 language (and region) the program speaks to its staff and members in: `fr`, `en-GB`. */
  readonly locale: string;
  /** What tills, members and staff may do with points (decision 0009). */
  readonly pointLimits: ProgramPointLimits;
  /** What a refund and an expiry do to a voucher (decision 0018). */
  readonly voucherPolicy: VoucherPolicy;
  /** What a referral earns both sides, and the referrer's cap (decision 0019). */
  readonly referralPolicy: ReferralPolicy;
}
