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
import { safeIntegerTransformer } from '../safe-integer';
import { MemberEntity } from './member.entity';
import { ProgramEntity } from './program.entity';
import { PurchaseEntity } from './purchase.entity';

/** The points one purchase got from a budgeted campaign: what a member's limit counts. */
@Entity({ name: 'campaign_credits' })
@Index('campaign_credits_member_idx', ['memberId', 'campaignCode', 'occurredAt'])
@Index('campaign_credits_program_code_idx', ['programId', 'campaignCode'])
@Check('campaign_credits_points_check', `"points" > 0`)
export class CampaignCreditEntity {
  @PrimaryColumn({
    name: 'purchase_id',
    type: 'uuid',
    primaryKeyConstraintName: 'campaign_credits_pkey',
  })
  purchaseId!: string;

  @PrimaryColumn({
    name: 'campaign_code',
    type: 'text',
    primaryKeyConstraintName: 'campaign_credits_pkey',
  })
  campaignCode!: string;

  @ManyToOne(() => PurchaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'purchase_id',
    foreignKeyConstraintName: 'campaign_credits_purchase_id_fkey',
  })
  purchase?: PurchaseEntity;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'campaign_credits_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'campaign_credits_member_id_fkey' })
  member?: MemberEntity;

  @Column({ type: 'bigint', transformer: safeIntegerTransformer })
  points!: number;

  /** When the purchase happened: a member's limit counts by the purchase's date. */
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
