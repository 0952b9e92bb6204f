import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { safeIntegerTransformer } from '../safe-integer';
import { ProgramEntity } from './program.entity';

/**
 * What marketing spent to acquire members through one channel in one period. A member enrolled
 * through it costs its spend divided by the members it acquired (decision 0009), recomputed as
 * members join, so a clerk picks a campaign and never types a cost.
 */
@Entity({ name: 'acquisition_campaigns' })
@Unique('acquisition_campaigns_program_id_name_key', ['programId', 'name'])
@Check('acquisition_campaigns_spend_check', `"spend_minor" BETWEEN 0 AND 100000000000`)
@Check('acquisition_campaigns_members_check', `"members_acquired" >= 0`)
@Check('acquisition_campaigns_period_check', `"ends_on" >= "starts_on"`)
export class AcquisitionCampaignEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'acquisition_campaigns_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'program_id',
    foreignKeyConstraintName: 'acquisition_campaigns_program_id_fkey',
  })
  program?: ProgramEntity;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn!: string;

  @Column({ name: 'spend_minor', type: 'bigint', transformer: safeIntegerTransformer })
  spendMinor!: number;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'members_acquired', type: 'integer', default: 0 })
  membersAcquired!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
