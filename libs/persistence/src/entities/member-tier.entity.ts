import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MemberEntity } from './member.entity';

/** Where a member stands: their tier, since when, and since when they have been below it. */
@Entity({ name: 'member_tiers' })
@Index('member_tiers_program_id_tier_idx', ['programId', 'tier'])
export class MemberTierEntity {
  @PrimaryColumn({ name: 'member_id', type: 'uuid', primaryKeyConstraintName: 'member_tiers_pkey' })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'member_tiers_member_id_fkey' })
  member?: MemberEntity;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @Column({ type: 'text' })
  tier!: string;

  @Column({ type: 'timestamptz' })
  since!: Date;

  @Column({ name: 'below_since', type: 'timestamptz', nullable: true })
  belowSince!: Date | null;
}
