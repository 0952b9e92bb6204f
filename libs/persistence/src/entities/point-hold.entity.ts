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
import { JournalTransactionEntity } from './journal-transaction.entity';
import { MemberEntity } from './member.entity';
import { ProgramEntity } from './program.entity';
import { StoreEntity } from './store.entity';

/**
 * Points a till reserved against an open order (docs/decisions/0014-holds.md). They left the
 * member's account when held; the capture or release that settles the hold names its journal
 * transaction.
 */
@Entity({ name: 'point_holds' })
@Index('point_holds_hold_transaction_id_key', ['holdTransactionId'], { unique: true })
@Index('point_holds_open_by_expiry_idx', ['expiresAt'], { where: `"status" = 'held'` })
@Index('point_holds_open_by_member_idx', ['memberId'], { where: `"status" = 'held'` })
@Check('point_holds_points_check', `"points" > 0`)
@Check('point_holds_status_check', `"status" IN ('held', 'captured', 'released')`)
@Check(
  'point_holds_settlement_check',
  `("status" = 'held') = ("settled_transaction_id" IS NULL) AND ("status" = 'held') = ("settled_at" IS NULL) AND ("status" = 'held') = ("settled_by" IS NULL) AND ("status" = 'captured') = ("captured_points" IS NOT NULL)`,
)
@Check('point_holds_captured_points_check', `"captured_points" BETWEEN 1 AND "points"`)
@Check('point_holds_settled_by_check', `"settled_by" IN ('till', 'expiry')`)
export class PointHoldEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'point_holds_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'point_holds_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'point_holds_member_id_fkey' })
  member?: MemberEntity;

  /** The store whose tills may capture or void it. */
  @Column({ name: 'store_id', type: 'uuid' })
  storeId!: string;

  @ManyToOne(() => StoreEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'store_id', foreignKeyConstraintName: 'point_holds_store_id_fkey' })
  store?: StoreEntity;

  @Column({ type: 'bigint', transformer: safeIntegerTransformer })
  points!: number;

  /** The till's order, e.g. its receipt id. */
  @Column({ type: 'text', nullable: true })
  reference!: string | null;

  @Column({ type: 'text', default: 'held' })
  status!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'hold_transaction_id', type: 'uuid' })
  holdTransactionId!: string;

  @ManyToOne(() => JournalTransactionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'hold_transaction_id',
    foreignKeyConstraintName: 'point_holds_hold_transaction_id_fkey',
  })
  holdTransaction?: JournalTransactionEntity;

  @Column({ name: 'settled_transaction_id', type: 'uuid', nullable: true })
  settledTransactionId!: string | null;

  @ManyToOne(() => JournalTransactionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'settled_transaction_id',
    foreignKeyConstraintName: 'point_holds_settled_transaction_id_fkey',
  })
  settledTransaction?: JournalTransactionEntity;

  @Column({
    name: 'captured_points',
    type: 'bigint',
    nullable: true,
    transformer: safeIntegerTransformer,
  })
  capturedPoints!: number | null;

  /** Who settled it: a till (capture or void) or the expiry sweep. */
  @Column({ name: 'settled_by', type: 'text', nullable: true })
  settledBy!: string | null;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
