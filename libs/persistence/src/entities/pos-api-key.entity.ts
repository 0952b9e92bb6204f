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
import { StaffMemberEntity } from './staff-member.entity';
import { StoreEntity } from './store.entity';

/** A till's credential. The key is shown once; only the SHA-256 of its secret part is kept. */
@Entity({ name: 'pos_api_keys' })
@Index('pos_api_keys_store_id_idx', ['storeId'])
export class PosApiKeyEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pos_api_keys_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'pos_api_keys_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ name: 'store_id', type: 'uuid' })
  storeId!: string;

  @ManyToOne(() => StoreEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'store_id', foreignKeyConstraintName: 'pos_api_keys_store_id_fkey' })
  store?: StoreEntity;

  @Column({ name: 'terminal_code', type: 'text' })
  terminalCode!: string;

  @Column({ type: 'text', nullable: true })
  label!: string | null;

  @Column({ name: 'secret_hash', type: 'bytea' })
  secretHash!: Buffer;

  @Column({ name: 'created_by_staff_id', type: 'uuid', nullable: true })
  createdByStaffId!: string | null;

  @ManyToOne(() => StaffMemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'created_by_staff_id',
    foreignKeyConstraintName: 'pos_api_keys_created_by_staff_id_fkey',
  })
  createdBy?: StaffMemberEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
