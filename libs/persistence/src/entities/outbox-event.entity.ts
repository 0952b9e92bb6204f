import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Ledger events written in the same transaction as the change they report; the outbox relay
 * publishes them to BullMQ in id order (so in order per member) and marks them published, and
 * the worker marks them consumed. A row published but not consumed in time is published again,
 * so a Redis that lost its queues delays events, never loses them.
 */
@Entity({ name: 'outbox_events' })
@Index('outbox_events_unpublished_idx', ['id'], { where: '"published_at" IS NULL' })
@Index('outbox_events_consumed_at_idx', ['consumedAt'])
@Index('outbox_events_unconsumed_idx', ['publishedAt'], {
  where: '"consumed_at" IS NULL AND "published_at" IS NOT NULL',
})
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

  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt!: Date | null;

  @Column({ name: 'publish_count', type: 'integer', default: 0 })
  publishCount!: number;
}
