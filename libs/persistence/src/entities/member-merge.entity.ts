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
import { JournalTransactionEntity } from './journal-transaction.entity';
import { MemberEntity } from './member.entity';
import { ProgramEntity } from './program.entity';
import { StaffMemberEntity } from './staff-member.entity';

/**
 * The audit of a merge: which duplicate went into which member, who merged it and why, the
 * journal transaction that moved its points, and how many of each record moved.
 */
@Entity({ name: 'member_merges' })
@Index('member_merges_duplicate_member_id_key', ['duplicateMemberId'], { unique: true })
@Index('member_merges_survivor_member_id_idx', ['survivorMemberId'])
@Check('member_merges_two_members_check', `"duplicate_member_id" <> "survivor_member_id"`)
export class MemberMergeEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'member_merges_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'member_merges_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ name: 'duplicate_member_id', type: 'uuid' })
  duplicateMemberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'duplicate_member_id',
    foreignKeyConstraintName: 'member_merges_duplicate_member_id_fkey',
  })
  duplicate?: MemberEntity;

  @Column({ name: 'survivor_member_id', type: 'uuid' })
  survivorMemberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'survivor_member_id',
    foreignKeyConstraintName: 'member_merges_survivor_member_id_fkey',
  })
  survivor?: MemberEntity;

  @Column({ name: 'merged_by', type: 'uuid' })
  mergedBy!: string;

  @ManyToOne(() => StaffMemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_by', foreignKeyConstraintName: 'member_merges_merged_by_fkey' })
  merger?: StaffMemberEntity;

  @Column({ type: 'text' })
  reason!: string;

  /** The merge's journal transaction; null when the duplicate held no points. */
  @Column({ name: 'transaction_id', type: 'uuid', nullable: true })
  transactionId!: string | null;

  @ManyToOne(() => JournalTransactionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'transaction_id',
    foreignKeyConstraintName: 'member_merges_transaction_id_fkey',
  })
  transaction?: JournalTransactionEntity;

  /** How many cards, lots, purchases, tier changes and survey answers moved. */
  @Column({ type: 'jsonb' })
  moved!: Record<string, number>;

  @CreateDateColumn({ name: 'merged_at', type: 'timestamptz' })
  mergedAt!: Date;
}
