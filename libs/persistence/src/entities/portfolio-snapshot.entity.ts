import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { safeIntegerTransformer } from '../safe-integer';
import { ProgramEntity } from './program.entity';

/** The customer base at a moment: equity, tier cutoffs and per-tier figures, for trends. */
@Entity({ name: 'portfolio_snapshots' })
@Index('portfolio_snapshots_program_id_taken_at_idx', ['programId', 'takenAt'])
export class PortfolioSnapshotEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'portfolio_snapshots_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'program_id',
    foreignKeyConstraintName: 'portfolio_snapshots_program_id_fkey',
  })
  program?: ProgramEntity;

  @Column({ name: 'taken_at', type: 'timestamptz' })
  takenAt!: Date;

  @Column({ name: 'clv_model_id', type: 'uuid', nullable: true })
  clvModelId!: string | null;

  @Column({ name: 'members_scored', type: 'integer' })
  membersScored!: number;

  @Column({ name: 'customer_equity_minor', type: 'bigint', transformer: safeIntegerTransformer })
  customerEquityMinor!: number;

  @Column({ name: 'tier_cutoffs', type: 'jsonb' })
  tierCutoffs!: unknown[];

  @Column({ name: 'by_tier', type: 'jsonb' })
  byTier!: unknown[];
}
