import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ProgramEntity } from './program.entity';

/**
 * One fit of the CLV models on a program's purchases: parameters, diagnostics, data window and
 * holdout check. Scoring uses the latest promoted version; a rejected fit keeps its reason.
 */
@Entity({ name: 'clv_models' })
@Index('clv_models_program_id_version_key', ['programId', 'version'], { unique: true })
@Check('clv_models_status_check', `"status" IN ('promoted', 'rejected')`)
@Check('clv_models_reason_check', `"status" = 'promoted' OR "reason" IS NOT NULL`)
export class ClvModelEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'clv_models_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'clv_models_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'data_from', type: 'timestamptz', nullable: true })
  dataFrom!: Date | null;

  @Column({ name: 'calibration_end', type: 'timestamptz' })
  calibrationEnd!: Date;

  @Column({ name: 'observation_end', type: 'timestamptz' })
  observationEnd!: Date;

  @Column({ type: 'integer' })
  members!: number;

  @Column({ name: 'purchase_model', type: 'jsonb' })
  purchaseModel!: Record<string, unknown>;

  @Column({ name: 'spend_model', type: 'jsonb', nullable: true })
  spendModel!: Record<string, unknown> | null;

  @Column({ type: 'jsonb' })
  holdout!: Record<string, unknown>;

  @Column({ name: 'fit_seconds', type: 'double precision' })
  fitSeconds!: number;

  @Column({ name: 'fitted_at', type: 'timestamptz', default: () => 'now()' })
  fittedAt!: Date;
}
