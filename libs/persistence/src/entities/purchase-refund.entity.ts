import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { safeIntegerTransformer } from '../safe-integer';
import { JournalTransactionEntity } from './journal-transaction.entity';
import { PurchaseEntity } from './purchase.entity';

/** A full or partial refund of a purchase and the points it took back. Append-only. */
@Entity({ name: 'purchase_refunds' })
@Index('purchase_refunds_purchase_id_idx', ['purchaseId'])
@Index('purchase_refunds_recorded_at_idx', ['recordedAt'])
@Check('purchase_refunds_amount_check', `"amount_minor" > 0`)
@Check('purchase_refunds_points_check', `"points_reversed" >= 0`)
export class PurchaseRefundEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'purchase_refunds_pkey' })
  id!: string;

  @Column({ name: 'purchase_id', type: 'uuid' })
  purchaseId!: string;

  @ManyToOne(() => PurchaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'purchase_id',
    foreignKeyConstraintName: 'purchase_refunds_purchase_id_fkey',
  })
  purchase?: PurchaseEntity;

  @Column({ name: 'amount_minor', type: 'bigint', transformer: safeIntegerTransformer })
  amountMinor!: number;

  @Column({ name: 'points_reversed', type: 'bigint', transformer: safeIntegerTransformer })
  pointsReversed!: number;

  @Column({ name: 'transaction_id', type: 'uuid' })
  transactionId!: string;

  @ManyToOne(() => JournalTransactionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'transaction_id',
    foreignKeyConstraintName: 'purchase_refunds_transaction_id_fkey',
  })
  transaction?: JournalTransactionEntity;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt!: Date;
}
