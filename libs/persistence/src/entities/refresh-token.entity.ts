import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One refresh token of a sign-in session. Each use spends it and issues its successor in the same
 * family; presenting a spent token again revokes the whole family (the token was stolen).
 */
@Entity({ name: 'refresh_tokens' })
@Index('refresh_tokens_family_id_idx', ['familyId'])
@Index('refresh_tokens_subject_idx', ['subjectKind', 'subjectId'])
@Check('refresh_tokens_subject_kind_check', `"subject_kind" IN ('staff', 'member')`)
export class RefreshTokenEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'refresh_tokens_pkey' })
  id!: string;

  @Column({ name: 'family_id', type: 'uuid' })
  familyId!: string;

  @Column({ name: 'subject_kind', type: 'text' })
  subjectKind!: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  /** SHA-256 of the token's secret part; the token itself is never stored. */
  @Column({ name: 'secret_hash', type: 'bytea' })
  secretHash!: Buffer;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'spent_at', type: 'timestamptz', nullable: true })
  spentAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
