import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity({ name: 'programs' })
@Unique('programs_code_key', ['code'])
export class ProgramEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'programs_pkey' })
  id!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** ISO 4217 code of the currency purchases are made in. */
  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'text' })
  timezone!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
