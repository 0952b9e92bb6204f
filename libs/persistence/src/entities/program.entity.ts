import { safeIntegerTransformer } from '../safe-integer';
import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity({ name: 'programs' })
@Unique('programs_code_key', ['code'])
@Check('programs_locale_check', `"locale" ~ '^[a-z]{2,3}(-[A-Z]{2})?$'`)
@Check('programs_card_prefix_check', `"card_prefix" ~ '^[0-9]{4,8}$'`)
@Check('programs_max_active_cards_check', `"max_active_cards_per_member" >= 1`)
@Check('programs_offline_window_days_check', `"offline_window_days" BETWEEN 0 AND 3650`)
@Check('programs_max_purchase_minor_check', `"max_purchase_minor" BETWEEN 1 AND 100000000000`)
@Check(
  'programs_point_caps_check',
  `"member_transfer_daily_points" BETWEEN 0 AND 1000000000 AND "staff_transfer_max_points" BETWEEN 0 AND 1000000000 AND "manager_adjustment_daily_points" BETWEEN 0 AND 1000000000 AND "admin_adjustment_daily_points" BETWEEN 0 AND 1000000000`,
)
@Check(
  'programs_adjustment_approver_check',
  `"adjustment_approver" IN ('higher_role', 'another_manager')`,
)
@Check(
  'programs_voucher_policy_check',
  `"voucher_refund_policy" IN ('restore_voucher', 'return_points') AND "voucher_expiry_policy" IN ('return_points', 'forfeit')`,
)
@Check(
  'programs_referral_policy_check',
  `"referral_referrer_points" BETWEEN 0 AND 1000000 AND "referral_referee_points" BETWEEN 0 AND 1000000 AND "referral_min_purchase_minor" >= 1 AND "referral_cap" BETWEEN 0 AND 100000 AND "referral_cap_period" IN ('day', 'week', 'month', 'year', 'ever')`,
)
export class ProgramEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'programs_pkey' })
  id!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** ISO 4217 code of the currency purchases are made in. */
  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'text' })
  timezone!: string;

  /** The digits every card number of the program starts with (4 to 8). */
  @Column({ name: 'card_prefix', type: 'text', default: '628000' })
  cardPrefix!: string;

  @Column({ name: 'max_active_cards_per_member', type: 'integer', default: 1 })
  maxActiveCardsPerMember!: number;

  /** ISO 3166 country a phone number without +country code is read in; null: always +… */
  @Column({ name: 'phone_region', type: 'char', length: 2, nullable: true })
  phoneRegion!: string | null;

  /** BCP 47 language (and region) of the program's texts: the console's default language. */
  @Column({ type: 'text', default: 'en' })
  locale!: string;

  /** How many days old a till's purchase may be when it reaches the ledger (decision 0009). */
  @Column({ name: 'offline_window_days', type: 'integer', default: 7 })
  offlineWindowDays!: number;

  /** The largest purchase a till may report, in minor units. */
  @Column({
    name: 'max_purchase_minor',
    type: 'bigint',
    default: 5000000,
    transformer: safeIntegerTransformer,
  })
  maxPurchaseMinor!: number;

  /** Points one member may send from the app in any 24 hours. */
  @Column({
    name: 'member_transfer_daily_points',
    type: 'bigint',
    default: 5000,
    transformer: safeIntegerTransformer,
  })
  memberTransferDailyPoints!: number;

  /** The most points one staff transfer moves. */
  @Column({
    name: 'staff_transfer_max_points',
    type: 'bigint',
    default: 10000,
    transformer: safeIntegerTransformer,
  })
  staffTransferMaxPoints!: number;

  /** Points a manager adjusts one member by in any 24 hours before a second person approves. */
  @Column({
    name: 'manager_adjustment_daily_points',
    type: 'bigint',
    default: 5000,
    transformer: safeIntegerTransformer,
  })
  managerAdjustmentDailyPoints!: number;

  @Column({
    name: 'admin_adjustment_daily_points',
    type: 'bigint',
    default: 50000,
    transformer: safeIntegerTransformer,
  })
  adminAdjustmentDailyPoints!: number;

  /** Who approves a manager's adjustment above the cap: `higher_role` or `another_manager`. */
  @Column({ name: 'adjustment_approver', type: 'text', default: 'higher_role' })
  adjustmentApprover!: string;

  /** A voucher whose receipt is refunded in full: usable again, or its points back (decision 0018). */
  @Column({ name: 'voucher_refund_policy', type: 'text', default: 'restore_voucher' })
  voucherRefundPolicy!: string;

  /** A voucher that expired unused: its points back to the member, or forfeited. */
  @Column({ name: 'voucher_expiry_policy', type: 'text', default: 'forfeit' })
  voucherExpiryPolicy!: string;

  /** Referral bonuses (0 turns a side off), the qualifying purchase, the referrer's cap. */
  @Column({ name: 'referral_referrer_points', type: 'integer', default: 0 })
  referralReferrerPoints!: number;

  @Column({ name: 'referral_referee_points', type: 'integer', default: 0 })
  referralRefereePoints!: number;

  @Column({
    name: 'referral_min_purchase_minor',
    type: 'bigint',
    default: 1,
    transformer: safeIntegerTransformer,
  })
  referralMinPurchaseMinor!: number;

  @Column({ name: 'referral_cap', type: 'integer', default: 10 })
  referralCap!: number;

  @Column({ name: 'referral_cap_period', type: 'text', default: 'month' })
  referralCapPeriod!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
