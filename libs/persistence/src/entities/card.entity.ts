import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { CardBatchEntity } from './card-batch.entity';
import { MemberEntity } from './member.entity';
import { ProgramEntity } from './program.entity';

@Entity({ name: 'cards' })
@Index('cards_number_key', ['number'], { unique: true })
@Index('cards_member_id_idx', ['memberId'])
@Index('cards_batch_id_idx', ['batchId'])
@Check('cards_number_check', `"number" ~ '^[0-9]{19}$'`)
@Check('cards_kind_check', `"kind" IN ('physical', 'virtual')`)
@Check('cards_status_check', `"status" IN ('issued', 'active', 'blocked', 'replaced')`)
@Check(
  'cards_block_reason_check',
  `"block_reason" IN ('lost', 'stolen', 'fraud', 'damaged', 'member_erased')`,
)
@Check('cards_active_member_check', `"status" = 'issued' OR "member_id" IS NOT NULL`)
@Check('cards_blocked_reason_check', `"status" <> 'blocked' OR "block_reason" IS NOT NULL`)
@Check('cards_virtual_batch_check', `"kind" = 'physical' OR "batch_id" IS NULL`)
export class CardEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'cards_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'cards_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId!: string | null;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'cards_member_id_fkey' })
  member?: MemberEntity;

  @Column({ type: 'text' })
  number!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'block_reason', type: 'text', nullable: true })
  blockReason!: string | null;

  @Column({ name: 'replaced_by_card_id', type: 'uuid', nullable: true })
  replacedByCardId!: string | null;

  @ManyToOne(() => CardEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'replaced_by_card_id',
    foreignKeyConstraintName: 'cards_replaced_by_card_id_fkey',
  })
  replacedBy?: CardEntity;

  @Column({ name: 'batch_id', type: 'uuid', nullable: true })
  batchId!: string | null;

  @ManyToOne(() => CardBatchEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'cards_batch_id_fkey' })
  batch?: CardBatchEntity;

  @Column({ name: 'issued_at', type: 'timestamptz', default: () => 'now()' })
  issuedAt!: Date;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
