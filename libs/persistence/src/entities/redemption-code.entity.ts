import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { MemberEntity } from './member.entity';

/**
 * A short-lived code the member's app shows at the till to let it spend points: the card number
 * alone never can. One use, few attempts, kept only as a hash.
 */
@Entity({ name: 'redemption_codes' })
@Index('redemption_codes_member_id_idx', ['memberId', 'createdAt'])
export class RedemptionCodeEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'redemption_codes_pkey' })
  id!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'redemption_codes_member_id_fkey' })
  member?: MemberEntity;

  @Column({ name: 'code_hash', type: 'bytea' })
  codeHash!: Buffer;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
