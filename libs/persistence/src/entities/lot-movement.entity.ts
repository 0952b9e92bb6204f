import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { safeIntegerTransformer } from '../safe-integer';
import { JournalTransactionEntity } from './journal-transaction.entity';
import { LotEntity } from './lot.entity';

/** How a journal transaction moved one lot: what a spend drew from it, or what a credit put in. */
@Entity({ name: 'lot_movements' })
@Index('lot_movements_lot_id_idx', ['lotId'])
@Check('lot_movements_points_check', `"points" <> 0`)
export class LotMovementEntity {
  @PrimaryColumn({
    name: 'transaction_id',
    type: 'uuid',
    primaryKeyConstraintName: 'lot_movements_pkey',
  })
  transactionId!: string;

  @ManyToOne(() => JournalTransactionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'transaction_id',
    foreignKeyConstraintName: 'lot_movements_transaction_id_fkey',
  })
  transaction?: JournalTransactionEntity;

  @PrimaryColumn({ name: 'lot_id', type: 'uuid', primaryKeyConstraintName: 'lot_movements_pkey' })
  lotId!: string;

  @ManyToOne(() => LotEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lot_id', foreignKeyConstraintName: 'lot_movements_lot_id_fkey' })
  lot?: LotEntity;

  @Column({ type: 'bigint', transformer: safeIntegerTransformer })
  points!: number;
}
