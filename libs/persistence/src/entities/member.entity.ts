import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { safeIntegerTransformer } from '../safe-integer';
import { AcquisitionCampaignEntity } from './acquisition-campaign.entity';
import { ProgramEntity } from './program.entity';
import { StaffMemberEntity } from './staff-member.entity';
import { StoreEntity } from './store.entity';

@Entity({ name: 'members' })
@Index('members_program_id_email_key', ['programId', 'email'], {
  unique: true,
  where: '"email" IS NOT NULL',
})
@Index('members_program_id_phone_key', ['programId', 'phone'], {
  unique: true,
  where: '"phone" IS NOT NULL',
})
@Index('members_program_id_enrolled_at_idx', ['programId', 'enrolledAt', 'id'])
// Whole, not partial (NULLs never collide): a generic plan can then use it for any lookup.
@Index('members_program_id_external_id_key', ['programId', 'externalId'], { unique: true })
@Index('members_program_id_referral_code_key', ['programId', 'referralCode'], { unique: true })
@Check(
  'members_acquisition_channel_check',
  `"acquisition_channel" IN ('store', 'web', 'app', 'referral', 'partner', 'paid_social', 'paid_search', 'email', 'other')`,
)
@Check(
  'members_acquisition_cost_check',
  `("acquisition_cost_minor" IS NULL) = ("acquisition_cost_currency" IS NULL) AND "acquisition_cost_minor" >= 0`,
)
@Check('members_consent_check', `NOT "marketing_consent" OR "marketing_consent_at" IS NOT NULL`)
@Check(
  'members_contact_check',
  `"erased_at" IS NOT NULL OR "merged_into_member_id" IS NOT NULL OR "email" IS NOT NULL OR "phone" IS NOT NULL`,
)
@Check(
  'members_merge_check',
  `("merged_into_member_id" IS NULL) = ("merged_at" IS NULL) AND "merged_into_member_id" <> "id"`,
)
export class MemberEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'members_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'members_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ type: 'text', nullable: true })
  name!: string | null;

  /**
   * The name as the desk searches it (searchableName): each word folded to lower-case letters
   * without accents, after a leading space, so `LIKE '% ' || prefix || '%'` finds a word's start.
   * Trigram-indexed by migration MemberSearch (TypeORM cannot declare the operator class).
   */
  @Column({ name: 'search_name', type: 'text', nullable: true })
  @Index('members_search_name_trgm_idx', { synchronize: false })
  searchName!: string | null;

  /** Normalised: trimmed, lower case. */
  @Column({ type: 'text', nullable: true })
  email!: string | null;

  /** E.164. */
  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ name: 'enrolled_store_id', type: 'uuid' })
  enrolledStoreId!: string;

  @ManyToOne(() => StoreEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'enrolled_store_id',
    foreignKeyConstraintName: 'members_enrolled_store_id_fkey',
  })
  enrolledStore?: StoreEntity;

  @Column({ name: 'enrolled_by_staff_id', type: 'uuid', nullable: true })
  enrolledByStaffId!: string | null;

  @ManyToOne(() => StaffMemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'enrolled_by_staff_id',
    foreignKeyConstraintName: 'members_enrolled_by_staff_id_fkey',
  })
  enrolledBy?: StaffMemberEntity;

  @Column({ name: 'acquisition_channel', type: 'text' })
  acquisitionChannel!: string;

  @Column({ name: 'acquisition_campaign', type: 'text', nullable: true })
  acquisitionCampaign!: string | null;

  /** The campaign the member was acquired through; their acquisition cost is its share. */
  @Column({ name: 'acquisition_campaign_id', type: 'uuid', nullable: true })
  acquisitionCampaignId!: string | null;

  @ManyToOne(() => AcquisitionCampaignEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'acquisition_campaign_id',
    foreignKeyConstraintName: 'members_acquisition_campaign_id_fkey',
  })
  acquisitionCampaignEntity?: AcquisitionCampaignEntity;

  @Column({
    name: 'acquisition_cost_minor',
    type: 'bigint',
    nullable: true,
    transformer: safeIntegerTransformer,
  })
  acquisitionCostMinor!: number | null;

  @Column({ name: 'acquisition_cost_currency', type: 'char', length: 3, nullable: true })
  acquisitionCostCurrency!: string | null;

  @Column({ name: 'marketing_consent', type: 'boolean', default: false })
  marketingConsent!: boolean;

  @Column({ name: 'marketing_consent_at', type: 'timestamptz', nullable: true })
  marketingConsentAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  tier!: string | null;

  @CreateDateColumn({ name: 'enrolled_at', type: 'timestamptz' })
  enrolledAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt!: Date | null;

  /** Set when this member was a duplicate merged into another (MemberMergeEntity). */
  @Column({ name: 'merged_into_member_id', type: 'uuid', nullable: true })
  mergedIntoMemberId!: string | null;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'merged_into_member_id',
    foreignKeyConstraintName: 'members_merged_into_member_id_fkey',
  })
  mergedInto?: MemberEntity;

  @Column({ name: 'merged_at', type: 'timestamptz', nullable: true })
  mergedAt!: Date | null;

  /** The member's id in the system the program was imported from (npm run import). */
  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId!: string | null;

  /** What the member shares for friends to enrol with; given on first ask. */
  @Column({ name: 'referral_code', type: 'text', nullable: true })
  referralCode!: string | null;
}
