import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { safeIntegerTransformer } from '../safe-integer';
import { ClvModelEntity } from './clv-model.entity';
import { MemberEntity } from './member.entity';

/** The tier history: every change with the old and new tier, why, the CLV and the model. Append-only. */
@Entity({ name: 'tier_changes' })
@Index('tier_changes_member_id_idx', ['memberId', 'changedAt'])
@Index('tier_changes_program_id_changed_at_idx', ['programId', 'changedAt'])
@Check('tier_changes_kind_check', `"kind" IN ('placed', 'upgraded', 'downgraded')`)
export class TierChangeEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'tier_changes_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'tier_changes_member_id_fkey' })
  member?: MemberEntity;

  @Column({ name: 'from_tier', type: 'text', nullable: true })
  fromTier!: string | null;

  @Column({ name: 'to_tier', type: 'text' })
  toTier!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'clv_minor', type: 'bigint', transformer: safeIntegerTransformer })
  clvMinor!: number;

  @Column({ name: 'clv_model_id', type: 'uuid', nullable: true })
  clvModelId!: string | null;

  @ManyToOne(() => ClvModelEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'clv_model_id', foreignKeyConstraintName: 'tier_changes_clv_model_id_fkey' })
  clvModel?: ClvModelEntity;

  @Column({ name: 'value_policy_version', type: 'integer' })
  valuePolicyVersion!: number;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}
