import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { safeIntegerTransformer } from '../safe-integer';
import { EarningRuleSetEntity } from './earning-rule-set.entity';
import { JournalTransactionEntity } from './journal-transaction.entity';
import { MemberEntity } from './member.entity';
import { StoreEntity } from './store.entity';

/**
 * A purchase as the till reported it: the history the CLV model learns from, and what refunds
 * refer to. A receipt is recorded once per store. Append-only.
 */
@Entity({ name: 'purchases' })
@Index('purchases_store_id_receipt_id_key', ['storeId', 'receiptId'], { unique: true })
@Index('purchases_member_id_idx', ['memberId', 'occurredAt'])
@Index('purchases_recorded_at_idx', ['recordedAt'])
@Check('purchases_amount_check', `"amount_minor" > 0`)
@Check('purchases_points_check', `"points_earned" >= 0`)
@Check('purchases_rule_set_check', `"earning_rule_set_id" IS NOT NULL OR "points_earned" = 0`)
export class PurchaseEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'purchases_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'purchases_member_id_fkey' })
  member?: MemberEntity;

  @Column({ name: 'card_id', type: 'uuid', nullable: true })
  cardId!: string | null;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId!: string;

  @ManyToOne(() => StoreEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'store_id', foreignKeyConstraintName: 'purchases_store_id_fkey' })
  store?: StoreEntity;

  @Column({ name: 'receipt_id', type: 'text' })
  receiptId!: string;

  @Column({ name: 'amount_minor', type: 'bigint', transformer: safeIntegerTransformer })
  amountMinor!: number;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  lines!: unknown[];

  /** The rules it earned under; null for history imported from another system (it earned 0). */
  @Column({ name: 'earning_rule_set_id', type: 'uuid', nullable: true })
  earningRuleSetId!: string | null;

  @ManyToOne(() => EarningRuleSetEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'earning_rule_set_id',
    foreignKeyConstraintName: 'purchases_earning_rule_set_id_fkey',
  })
  earningRuleSet?: EarningRuleSetEntity;

  @Column({ name: 'points_earned', type: 'bigint', transformer: safeIntegerTransformer })
  pointsEarned!: number;

  @Column({ name: 'earn_transaction_id', type: 'uuid' })
  earnTransactionId!: string;

  @ManyToOne(() => JournalTransactionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'earn_transaction_id',
    foreignKeyConstraintName: 'purchases_earn_transaction_id_fkey',
  })
  earnTransaction?: JournalTransactionEntity;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt!: Date;
}
