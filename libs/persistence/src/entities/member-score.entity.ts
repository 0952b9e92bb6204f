import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { safeIntegerTransformer } from '../safe-integer';
import { ClvModelEntity } from './clv-model.entity';
import { MemberEntity } from './member.entity';

/** A member's latest score: what the model predicts and the CLV it makes, with its provenance. */
@Entity({ name: 'member_scores' })
@Index('member_scores_program_id_clv_idx', ['programId', 'clvMinor'])
@Check('member_scores_method_check', `"method" IN ('model', 'simple')`)
export class MemberScoreEntity {
  @PrimaryColumn({
    name: 'member_id',
    type: 'uuid',
    primaryKeyConstraintName: 'member_scores_pkey',
  })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'member_scores_member_id_fkey' })
  member?: MemberEntity;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @Column({ name: 'clv_model_id', type: 'uuid', nullable: true })
  clvModelId!: string | null;

  @ManyToOne(() => ClvModelEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'clv_model_id', foreignKeyConstraintName: 'member_scores_clv_model_id_fkey' })
  clvModel?: ClvModelEntity;

  @Column({ type: 'text' })
  method!: string;

  @Column({ type: 'integer' })
  frequency!: number;

  @Column({ name: 'recency_days', type: 'double precision' })
  recencyDays!: number;

  @Column({ name: 'age_days', type: 'double precision' })
  ageDays!: number;

  @Column({ name: 'monetary_minor', type: 'double precision' })
  monetaryMinor!: number;

  @Column({ name: 'p_alive', type: 'double precision' })
  pAlive!: number;

  @Column({ name: 'expected_purchases', type: 'double precision' })
  expectedPurchases!: number;

  @Column({ name: 'expected_value_minor', type: 'double precision' })
  expectedValueMinor!: number;

  @Column({ name: 'clv_minor', type: 'bigint', transformer: safeIntegerTransformer })
  clvMinor!: number;

  @Column({ name: 'scored_at', type: 'timestamptz' })
  scoredAt!: Date;
}
