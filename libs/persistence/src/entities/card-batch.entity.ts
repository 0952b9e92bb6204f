import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { ProgramEntity } from './program.entity';
import { StaffMemberEntity } from './staff-member.entity';

/** A run of pre-printed physical cards, generated for the printer or imported from it. */
@Entity({ name: 'card_batches' })
export class CardBatchEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'card_batches_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'card_batches_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ name: 'created_by_staff_id', type: 'uuid', nullable: true })
  createdByStaffId!: string | null;

  @ManyToOne(() => StaffMemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'created_by_staff_id',
    foreignKeyConstraintName: 'card_batches_created_by_staff_id_fkey',
  })
  createdBy?: StaffMemberEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
