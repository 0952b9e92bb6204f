import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { safeIntegerTransformer } from '../safe-integer';
import { JournalTransactionEntity } from './journal-transaction.entity';
import { LedgerAccountEntity } from './ledger-account.entity';

/**
 * Points credited together, spent and expired together: `remaining` is a cache of the lot's
 * movements, kept by a trigger on lot_movements; the checks keep it between 0 and `amount`, so no
 * spend can ever draw a lot below zero.
 */
@Entity({ name: 'lots' })
@Index('lots_open_idx', ['accountId'], { where: '"remaining" > 0' })
@Index('lots_credited_by_transaction_id_idx', ['creditedByTransactionId'])
@Index('lots_expiring_idx', ['expiresAt'], {
  where: '"remaining" > 0 AND "expires_at" IS NOT NULL',
})
@Check('lots_amount_check', `"amount" > 0`)
@Check('lots_remaining_check', `"remaining" >= 0 AND "remaining" <= "amount"`)
export class LotEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'lots_pkey' })
  id!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @ManyToOne(() => LedgerAccountEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'lots_account_id_fkey' })
  account?: LedgerAccountEntity;

  @Column({ name: 'credited_by_transaction_id', type: 'uuid' })
  creditedByTransactionId!: string;

  @ManyToOne(() => JournalTransactionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'credited_by_transaction_id',
    foreignKeyConstraintName: 'lots_credited_by_transaction_id_fkey',
  })
  creditedBy?: JournalTransactionEntity;

  @Column({ type: 'bigint', transformer: safeIntegerTransformer })
  amount!: number;

  @Column({ type: 'bigint', default: 0, transformer: safeIntegerTransformer })
  remaining!: number;

  @Column({ name: 'available_from', type: 'timestamptz' })
  availableFrom!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt!: Date;
}
