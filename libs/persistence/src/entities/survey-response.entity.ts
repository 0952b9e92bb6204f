import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MemberEntity } from './member.entity';

/**
 * A member's answer to the program's survey: NPS, CSAT and/or CES, optionally about a store. One
 * voice per member, store and month (the program's time zone): a new answer replaces the old one.
 */
@Entity({ name: 'survey_responses' })
@Index('survey_responses_program_id_answered_at_idx', ['programId', 'answeredAt'])
@Index('survey_responses_one_voice_per_store_key', ['memberId', 'storeId', 'periodStart'], {
  unique: true,
  where: '"store_id" IS NOT NULL',
})
@Index('survey_responses_one_voice_key', ['memberId', 'periodStart'], {
  unique: true,
  where: '"store_id" IS NULL',
})
@Check('survey_responses_nps_check', `"nps" BETWEEN 0 AND 10`)
@Check('survey_responses_csat_check', `"csat" BETWEEN 1 AND 5`)
@Check('survey_responses_ces_check', `"ces" BETWEEN 1 AND 7`)
@Check(
  'survey_responses_answered_check',
  `"nps" IS NOT NULL OR "csat" IS NOT NULL OR "ces" IS NOT NULL`,
)
export class SurveyResponseEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'survey_responses_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'survey_responses_member_id_fkey' })
  member?: MemberEntity;

  @Column({ name: 'store_id', type: 'uuid', nullable: true })
  storeId!: string | null;

  @Column({ type: 'smallint', nullable: true })
  nps!: number | null;

  @Column({ type: 'smallint', nullable: true })
  csat!: number | null;

  @Column({ type: 'smallint', nullable: true })
  ces!: number | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ name: 'answered_at', type: 'timestamptz', default: () => 'now()' })
  answeredAt!: Date;

  /** The first day of the month the answer counts for, in the program's time zone. */
  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;
}
