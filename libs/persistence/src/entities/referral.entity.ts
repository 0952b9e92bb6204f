import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { MemberEntity } from './member.entity';
import { ProgramEntity } from './program.entity';
import { PurchaseEntity } from './purchase.entity';

/**
 * A member who enrolled with another's referral code. Pending until the referee's first
 * qualifying purchase is past its return window: then both are rewarded (two reward grants,
 * paid through the ledger under their ids), or the referral is refused (that purchase refunded).
 */
@Entity({ name: 'referrals' })
@Index('referrals_referee_member_id_key', ['refereeMemberId'], { unique: true })
@Index('referrals_referrer_member_id_created_at_idx', ['referrerMemberId', 'createdAt'])
@Index('referrals_pending_idx', ['programId'], { where: `"status" = 'pending'` })
@Check('referrals_status_check', `"status" IN ('pending', 'rewarded', 'refused')`)
@Check(
  'referrals_settlement_check',
  `("status" = 'pending') = ("settled_at" IS NULL) AND ("status" = 'refused') = ("refusal_reason" IS NOT NULL)`,
)
@Check('referrals_self_check', `"referrer_member_id" <> "referee_member_id"`)
export class ReferralEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'referrals_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'referrals_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ name: 'referrer_member_id', type: 'uuid' })
  referrerMemberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'referrer_member_id',
    foreignKeyConstraintName: 'referrals_referrer_member_id_fkey',
  })
  referrer?: MemberEntity;

  @Column({ name: 'referee_member_id', type: 'uuid' })
  refereeMemberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'referee_member_id',
    foreignKeyConstraintName: 'referrals_referee_member_id_fkey',
  })
  referee?: MemberEntity;

  @Column({ type: 'text', default: 'pending' })
  status!: string;

  /** Why it was refused: the referee's first qualifying purchase was refunded. */
  @Column({ name: 'refusal_reason', type: 'text', nullable: true })
  refusalReason!: string | null;

  @Column({ name: 'qualifying_purchase_id', type: 'uuid', nullable: true })
  qualifyingPurchaseId!: string | null;

  @ManyToOne(() => PurchaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'qualifying_purchase_id',
    foreignKeyConstraintName: 'referrals_qualifying_purchase_id_fkey',
  })
  qualifyingPurchase?: PurchaseEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt!: Date | null;
}
