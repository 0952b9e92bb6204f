import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { CatalogRewardEntity } from './catalog-reward.entity';
import { StaffMemberEntity } from './staff-member.entity';

/** A version of a reward's terms, in force from `effective_from` until the reward's next one. */
@Entity({ name: 'catalog_reward_versions' })
@Index('catalog_reward_versions_reward_id_version_key', ['rewardId', 'version'], { unique: true })
@Index('catalog_reward_versions_reward_id_effective_from_idx', ['rewardId', 'effectiveFrom'])
@Check('catalog_reward_versions_version_check', `"version" > 0`)
export class CatalogRewardVersionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'catalog_reward_versions_pkey' })
  id!: string;

  @Column({ name: 'reward_id', type: 'uuid' })
  rewardId!: string;

  @ManyToOne(() => CatalogRewardEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'reward_id',
    foreignKeyConstraintName: 'catalog_reward_versions_reward_id_fkey',
  })
  reward?: CatalogRewardEntity;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'effective_from', type: 'timestamptz' })
  effectiveFrom!: Date;

  @Column({ type: 'jsonb' })
  terms!: Record<string, unknown>;

  @Column({ name: 'created_by_staff_id', type: 'uuid', nullable: true })
  createdByStaffId!: string | null;

  @ManyToOne(() => StaffMemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'created_by_staff_id',
    foreignKeyConstraintName: 'catalog_reward_versions_created_by_staff_id_fkey',
  })
  createdBy?: StaffMemberEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
