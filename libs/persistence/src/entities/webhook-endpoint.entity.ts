import {
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
 * Where a program wants its value events delivered (tier changes, rewards, members at risk),
 * signed with the endpoint's secret (HMAC-SHA256). The secret is shown once at creation.
 */
@Entity({ name: 'webhook_endpoints' })
@Index('webhook_endpoints_program_id_idx', ['programId'])
export class WebhookEndpointEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'webhook_endpoints_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'webhook_endpoints_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text' })
  secret!: string;

  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;
}
