import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Ledger events written in the same transaction as the change they report; the outbox relay
 * publishes them to BullMQ in id order (so in order per member) and marks them published.
 */
@Entity({ name: 'outbox_events' })
@Index('outbox_events_unpublished_idx', ['id'], { where: '"published_at" IS NULL' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    primaryKeyConstraintName: 'outbox_events_pkey',
    generatedIdentity: 'ALWAYS',
  })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId!: string | null;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
