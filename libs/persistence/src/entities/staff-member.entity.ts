import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ProgramEntity } from './program.entity';
import { StoreEntity } from './store.entity';

@Entity({ name: 'staff_members' })
@Index('staff_members_program_id_email_key', ['programId', 'email'], { unique: true })
@Index('staff_members_email_idx', ['email'])
@Check('staff_members_role_check', `"role" IN ('clerk', 'manager', 'admin', 'marketing')`)
@Check(
  'staff_members_store_scope_check',
  `("role" IN ('clerk', 'manager')) = ("store_id" IS NOT NULL)`,
)
export class StaffMemberEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'staff_members_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'staff_members_program_id_fkey' })
  program?: ProgramEntity;

  /** Stored normalised (trimmed, lower case); staff sign in with it. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text' })
  role!: string;

  @Column({ name: 'store_id', type: 'uuid', nullable: true })
  storeId!: string | null;

  @ManyToOne(() => StoreEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'store_id', foreignKeyConstraintName: 'staff_members_store_id_fkey' })
  store?: StoreEntity;

  /** argon2id in PHC string format: parameters, salt and hash together. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
