import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MemberEntity } from './member.entity';
import { ProgramEntity } from './program.entity';

/**
 * One change to the ledger: its entries sum to zero. Append-only — a mistake is undone by a
 * reversal, which names the transaction it reverses (at most once: a unique index).
 */
@Entity({ name: 'journal_transactions' })
@Index('journal_transactions_reverses_transaction_id_key', ['reversesTransactionId'], {
  unique: true,
  where: '"reverses_transaction_id" IS NOT NULL',
})
@Index('journal_transactions_member_id_idx', ['memberId', 'occurredAt'])
@Check(
  'journal_transactions_kind_check',
  `"kind" IN ('purchase_earn', 'refund', 'redemption', 'expiry', 'transfer', 'adjustment', 'reward', 'reversal', 'forfeiture', 'hold', 'hold_release', 'hold_capture', 'merge', 'import', 'voucher_claim', 'voucher_redemption', 'voucher_reinstatement', 'voucher_return', 'voucher_expiry')`,
)
@Check(
  'journal_transactions_actor_kind_check',
  `"actor_kind" IN ('staff', 'member', 'pos-terminal', 'system')`,
)
@Check(
  'journal_transactions_reversal_check',
  `("kind" = 'reversal') = ("reverses_transaction_id" IS NOT NULL)`,
)
@Check(
  'journal_transactions_adjustment_reason_check',
  `"kind" <> 'adjustment' OR ("reason" IS NOT NULL AND "actor_kind" = 'staff')`,
)
export class JournalTransactionEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'journal_transactions_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'program_id',
    foreignKeyConstraintName: 'journal_transactions_program_id_fkey',
  })
  program?: ProgramEntity;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId!: string | null;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'member_id',
    foreignKeyConstraintName: 'journal_transactions_member_id_fkey',
  })
  member?: MemberEntity;

  @Column({ name: 'reverses_transaction_id', type: 'uuid', nullable: true })
  reversesTransactionId!: string | null;

  @ManyToOne(() => JournalTransactionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'reverses_transaction_id',
    foreignKeyConstraintName: 'journal_transactions_reverses_transaction_id_fkey',
  })
  reverses?: JournalTransactionEntity;

  @Column({ name: 'purchase_id', type: 'uuid', nullable: true })
  purchaseId!: string | null;

  @Column({ name: 'store_id', type: 'uuid', nullable: true })
  storeId!: string | null;

  @Column({ name: 'actor_kind', type: 'text' })
  actorKind!: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  details!: Record<string, unknown>;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt!: Date;
}
