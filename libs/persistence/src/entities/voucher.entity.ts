import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { safeIntegerTransformer } from '../safe-integer';
import { CatalogRewardVersionEntity } from './catalog-reward-version.entity';
import { CatalogRewardEntity } from './catalog-reward.entity';
import { JournalTransactionEntity } from './journal-transaction.entity';
import { MemberEntity } from './member.entity';
import { ProgramEntity } from './program.entity';
import { StoreEntity } from './store.entity';

/**
 * A voucher a member claimed from the catalog (docs/decisions/0018). Its code is never stored:
 * only its SHA-256, to find it by; the code itself is derived from the id with the program's
 * voucher secret. Its points left the member into the voucher account when claimed; the
 * transactions that moved them on are named here and in the journal.
 */
@Entity({ name: 'vouchers' })
@Index('vouchers_code_hash_key', ['codeHash'], { unique: true })
@Index('vouchers_claim_transaction_id_key', ['claimTransactionId'], { unique: true })
@Index('vouchers_issued_by_expiry_idx', ['expiresAt'], { where: `"status" = 'issued'` })
@Index('vouchers_member_id_created_at_idx', ['memberId', 'createdAt'])
@Index('vouchers_reward_id_member_id_created_at_idx', ['rewardId', 'memberId', 'createdAt'])
@Index('vouchers_redeemed_receipt_idx', ['programId', 'redeemedStoreId', 'redeemedReceiptId'], {
  where: `"status" = 'redeemed'`,
})
@Check('vouchers_points_check', `"points" > 0`)
@Check('vouchers_status_check', `"status" IN ('issued', 'redeemed', 'returned', 'expired')`)
@Check(
  'vouchers_redemption_check',
  `("status" = 'redeemed') = ("redemption_transaction_id" IS NOT NULL) AND ("redemption_transaction_id" IS NULL) = ("redeemed_at" IS NULL) AND ("redemption_transaction_id" IS NULL) = ("redeemed_store_id" IS NULL) AND ("redemption_transaction_id" IS NULL) = ("redeemed_receipt_id" IS NULL)`,
)
@Check(
  'vouchers_settlement_check',
  `("status" IN ('returned', 'expired')) = ("settled_transaction_id" IS NOT NULL)`,
)
export class VoucherEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'vouchers_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'vouchers_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'vouchers_member_id_fkey' })
  member?: MemberEntity;

  @Column({ name: 'reward_id', type: 'uuid' })
  rewardId!: string;

  @ManyToOne(() => CatalogRewardEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reward_id', foreignKeyConstraintName: 'vouchers_reward_id_fkey' })
  reward?: CatalogRewardEntity;

  /** The terms it was claimed under: they never change for this voucher. */
  @Column({ name: 'reward_version_id', type: 'uuid' })
  rewardVersionId!: string;

  @ManyToOne(() => CatalogRewardVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'reward_version_id',
    foreignKeyConstraintName: 'vouchers_reward_version_id_fkey',
  })
  rewardVersion?: CatalogRewardVersionEntity;

  @Column({ name: 'code_hash', type: 'bytea' })
  codeHash!: Buffer;

  @Column({ type: 'bigint', transformer: safeIntegerTransformer })
  points!: number;

  @Column({ type: 'text', default: 'issued' })
  status!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** The store whose till claimed it for the member; null when the member claimed it in the app. */
  @Column({ name: 'claimed_store_id', type: 'uuid', nullable: true })
  claimedStoreId!: string | null;

  @ManyToOne(() => StoreEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'claimed_store_id',
    foreignKeyConstraintName: 'vouchers_claimed_store_id_fkey',
  })
  claimedStore?: StoreEntity;

  @Column({ name: 'claim_transaction_id', type: 'uuid' })
  claimTransactionId!: string;

  @ManyToOne(() => JournalTransactionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'claim_transaction_id',
    foreignKeyConstraintName: 'vouchers_claim_transaction_id_fkey',
  })
  claimTransaction?: JournalTransactionEntity;

  @Column({ name: 'redemption_transaction_id', type: 'uuid', nullable: true })
  redemptionTransactionId!: string | null;

  @ManyToOne(() => JournalTransactionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'redemption_transaction_id',
    foreignKeyConstraintName: 'vouchers_redemption_transaction_id_fkey',
  })
  redemptionTransaction?: JournalTransactionEntity;

  @Column({ name: 'redeemed_at', type: 'timestamptz', nullable: true })
  redeemedAt!: Date | null;

  @Column({ name: 'redeemed_store_id', type: 'uuid', nullable: true })
  redeemedStoreId!: string | null;

  @ManyToOne(() => StoreEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'redeemed_store_id',
    foreignKeyConstraintName: 'vouchers_redeemed_store_id_fkey',
  })
  redeemedStore?: StoreEntity;

  /** The receipt it was used on: a full refund of that receipt applies the program's policy. */
  @Column({ name: 'redeemed_receipt_id', type: 'text', nullable: true })
  redeemedReceiptId!: string | null;

  /** The return or forfeiture that closed it. */
  @Column({ name: 'settled_transaction_id', type: 'uuid', nullable: true })
  settledTransactionId!: string | null;

  @ManyToOne(() => JournalTransactionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'settled_transaction_id',
    foreignKeyConstraintName: 'vouchers_settled_transaction_id_fkey',
  })
  settledTransaction?: JournalTransactionEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
