import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { CardEntity } from './card.entity';

/**
 * The audit trail of a card: every state change with who made it, when and why. Append-only —
 * a trigger refuses UPDATE and DELETE. It holds ids only, so erasing a member leaves it intact.
 */
@Entity({ name: 'card_events' })
@Index('card_events_card_id_idx', ['cardId', 'occurredAt'])
@Check('card_events_actor_kind_check', `"actor_kind" IN ('staff', 'member', 'system')`)
export class CardEventEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'card_events_pkey' })
  id!: string;

  @Column({ name: 'card_id', type: 'uuid' })
  cardId!: string;

  @ManyToOne(() => CardEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'card_id', foreignKeyConstraintName: 'card_events_card_id_fkey' })
  card?: CardEntity;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus!: string | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus!: string;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'actor_kind', type: 'text' })
  actorKind!: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt!: Date;
}
