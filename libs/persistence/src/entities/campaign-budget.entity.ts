import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { safeIntegerTransformer } from '../safe-integer';
import { ProgramEntity } from './program.entity';

/**
 * What a bonus campaign of the earning rules has credited so far, by its code: the row a
 * purchase locks to take from the campaign's budget, so the budget is spent exactly, never over.
 */
@Entity({ name: 'campaign_budgets' })
@Check('campaign_budgets_spent_points_check', `"spent_points" >= 0`)
export class CampaignBudgetEntity {
  @PrimaryColumn({
    name: 'program_id',
    type: 'uuid',
    primaryKeyConstraintName: 'campaign_budgets_pkey',
  })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'campaign_budgets_program_id_fkey' })
  program?: ProgramEntity;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'campaign_budgets_pkey' })
  code!: string;

  @Column({ name: 'spent_points', type: 'bigint', default: 0, transformer: safeIntegerTransformer })
  spentPoints!: number;
}
