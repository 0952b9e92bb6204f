import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { safeIntegerTransformer } from '../safe-integer';
import { MemberEntity } from './member.entity';

/**
 * A reward the value policy owes a member, written with the decision that earned it and paid
 * through the ledger under the grant's id as idempotency key. The unique grant key makes each
 * reward owed at most once (a tier's upgrade bonus once per member, a win-back once per period).
 */
@Entity({ name: 'reward_grants' })
@Index('reward_grants_member_id_grant_key_key', ['memberId', 'grantKey'], { unique: true })
@Index('reward_grants_unpaid_idx', ['memberId'], { where: '"paid_at" IS NULL' })
@Check('reward_grants_kind_check', `"kind" IN ('tier_upgrade', 'win_back', 'referral')`)
@Check('reward_grants_points_check', `"points" > 0`)
@Check('reward_grants_paid_check', `("paid_at" IS NULL) = ("transaction_id" IS NULL)`)
export class RewardGrantEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'reward_grants_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'reward_grants_member_id_fkey' })
  member?: MemberEntity;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'grant_key', type: 'text' })
  grantKey!: string;

  @Column({ type: 'bigint', transformer: safeIntegerTransformer })
  points!: number;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'transaction_id', type: 'uuid', nullable: true })
  transactionId!: string | null;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt!: Date | null;
}
