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
import { safeIntegerTransformer } from '../safe-integer';
import { ProgramEntity } from './program.entity';

/**
 * A reward of the program's catalog (docs/decisions/0018): its terms are versions
 * (catalog_reward_versions); the row is what every version shares — its code and how many of its
 * vouchers were claimed, counted under the row's lock so stock is never oversold.
 */
@Entity({ name: 'catalog_rewards' })
@Index('catalog_rewards_program_id_code_key', ['programId', 'code'], { unique: true })
@Check('catalog_rewards_stock_claimed_check', `"stock_claimed" >= 0`)
export class CatalogRewardEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'catalog_rewards_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'catalog_rewards_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ type: 'text' })
  code!: string;

  @Column({
    name: 'stock_claimed',
    type: 'bigint',
    default: 0,
    transformer: safeIntegerTransformer,
  })
  stockClaimed!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
