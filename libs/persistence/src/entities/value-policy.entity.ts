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

/** A version of a program's value policy: tiers, hysteresis, CLV assumptions, win-back. */
@Entity({ name: 'value_policies' })
@Index('value_policies_program_id_version_key', ['programId', 'version'], { unique: true })
@Check('value_policies_version_check', `"version" > 0`)
export class ValuePolicyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'value_policies_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'value_policies_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'effective_from', type: 'timestamptz' })
  effectiveFrom!: Date;

  @Column({ type: 'jsonb' })
  policy!: Record<string, unknown>;

  @Column({ name: 'created_by_staff_id', type: 'uuid', nullable: true })
  createdByStaffId!: string | null;

  @ManyToOne(() => StaffMemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'created_by_staff_id',
    foreignKeyConstraintName: 'value_policies_created_by_staff_id_fkey',
  })
  createdBy?: StaffMemberEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
