import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ProgramEntity } from './program.entity';

/** Who asked for a full rescore of a program, when, and what it did: the audit trail. */
@Entity({ name: 'rescore_requests' })
@Index('rescore_requests_program_id_requested_at_idx', ['programId', 'requestedAt'])
export class RescoreRequestEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'rescore_requests_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'rescore_requests_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy!: string;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'integer', nullable: true })
  scored!: number | null;

  @Column({ name: 'tier_changes', type: 'integer', nullable: true })
  tierChanges!: number | null;

  @Column({ name: 'rewards_paid', type: 'integer', nullable: true })
  rewardsPaid!: number | null;
}
