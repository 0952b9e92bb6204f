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
import { ProgramEntity } from './program.entity';

/**
 * One run of `npm run import` over one file: how far it got, so that a run cut short resumes at
 * the first row it had not committed. The same file imported again is recognised by its hash.
 */
@Entity({ name: 'imports' })
@Index('imports_program_id_kind_source_sha256_key', ['programId', 'kind', 'sourceSha256'], {
  unique: true,
})
@Check('imports_kind_check', `"kind" IN ('members', 'balances', 'purchases')`)
@Check('imports_status_check', `"status" IN ('running', 'finished')`)
@Check('imports_finished_check', `("status" = 'finished') = ("finished_at" IS NOT NULL)`)
export class ImportEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'imports_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'imports_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'source_name', type: 'text' })
  sourceName!: string;

  @Column({ name: 'source_sha256', type: 'text' })
  sourceSha256!: string;

  /** Rows read and settled (imported, skipped or failed) by the committed chunks. */
  @Column({ name: 'rows_done', type: 'integer', default: 0 })
  rowsDone!: number;

  @Column({ type: 'integer', default: 0 })
  imported!: number;

  /** Rows already present (a re-run, or the same row twice). */
  @Column({ type: 'integer', default: 0 })
  skipped!: number;

  @Column({ type: 'integer', default: 0 })
  failed!: number;

  @Column({ type: 'text', default: 'running' })
  status!: string;

  @CreateDateColumn({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
