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
import { MemberEntity } from './member.entity';
import { ProgramEntity } from './program.entity';
import { StaffMemberEntity } from './staff-member.entity';

/**
 * An adjustment above the asking staff member's cap, waiting for a second person (decision 0009).
 * Approving it posts the adjustment; the database refuses a decision by the one who asked.
 */
@Entity({ name: 'adjustment_requests' })
@Index('adjustment_requests_program_id_status_idx', ['programId', 'status', 'createdAt'])
@Check('adjustment_requests_points_check', `"points" <> 0`)
@Check('adjustment_requests_status_check', `"status" IN ('pending', 'approved', 'rejected')`)
@Check(
  'adjustment_requests_decision_check',
  `("status" = 'pending') = ("decided_by" IS NULL) AND ("status" = 'pending') = ("decided_at" IS NULL) AND ("status" = 'approved') = ("transaction_id" IS NOT NULL)`,
)
@Check('adjustment_requests_second_person_check', `"decided_by" <> "requested_by"`)
export class AdjustmentRequestEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'adjustment_requests_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'program_id',
    foreignKeyConstraintName: 'adjustment_requests_program_id_fkey',
  })
  program?: ProgramEntity;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'adjustment_requests_member_id_fkey' })
  member?: MemberEntity;

  @Column({ type: 'bigint', transformer: safeIntegerTransformer })
  points!: number;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy!: string;

  @ManyToOne(() => StaffMemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'requested_by',
    foreignKeyConstraintName: 'adjustment_requests_requested_by_fkey',
  })
  requester?: StaffMemberEntity;

  @Column({ name: 'requested_role', type: 'text' })
  requestedRole!: string;

  @Column({ type: 'text', default: 'pending' })
  status!: string;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @ManyToOne(() => StaffMemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'decided_by',
    foreignKeyConstraintName: 'adjustment_requests_decided_by_fkey',
  })
  decider?: StaffMemberEntity;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decision_note', type: 'text', nullable: true })
  decisionNote!: string | null;

  /** The adjustment's journal transaction, once approved. */
  @Column({ name: 'transaction_id', type: 'uuid', nullable: true })
  transactionId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
