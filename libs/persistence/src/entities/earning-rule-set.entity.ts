import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { ProgramEntity } from './program.entity';
import { StaffMemberEntity } from './staff-member.entity';

/** A version of a program's earning rules, in force from `effective_from` until the next one. */
@Entity({ name: 'earning_rule_sets' })
@Index('earning_rule_sets_program_id_version_key', ['programId', 'version'], { unique: true })
@Index('earning_rule_sets_program_id_effective_from_idx', ['programId', 'effectiveFrom'])
@Check('earning_rule_sets_version_check', `"version" > 0`)
export class EarningRuleSetEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'earning_rule_sets_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'earning_rule_sets_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'effective_from', type: 'timestamptz' })
  effectiveFrom!: Date;

  @Column({ type: 'jsonb' })
  rules!: Record<string, unknown>;

  @Column({ name: 'created_by_staff_id', type: 'uuid', nullable: true })
  createdByStaffId!: string | null;

  @ManyToOne(() => StaffMemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'created_by_staff_id',
    foreignKeyConstraintName: 'earning_rule_sets_created_by_staff_id_fkey',
  })
  createdBy?: StaffMemberEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
