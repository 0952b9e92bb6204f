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

/** A one-time code a member signs in with: short-lived, few attempts, kept only as an HMAC. */
@Entity({ name: 'member_sign_in_codes' })
@Index('member_sign_in_codes_member_id_idx', ['memberId', 'createdAt'])
export class MemberSignInCodeEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'member_sign_in_codes_pkey' })
  id!: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'member_id',
    foreignKeyConstraintName: 'member_sign_in_codes_member_id_fkey',
  })
  member?: MemberEntity;

  @Column({ name: 'code_hash', type: 'bytea' })
  codeHash!: Buffer;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
