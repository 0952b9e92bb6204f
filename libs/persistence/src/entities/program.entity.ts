import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity({ name: 'programs' })
@Unique('programs_code_key', ['code'])
@Check('programs_card_prefix_check', `"card_prefix" ~ '^[0-9]{4,8}$'`)
@Check('programs_max_active_cards_check', `"max_active_cards_per_member" >= 1`)
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

  /** The digits every card number of the program starts with (4 to 8). */
  @Column({ name: 'card_prefix', type: 'text', default: '628000' })
  cardPrefix!: string;

  @Column({ name: 'max_active_cards_per_member', type: 'integer', default: 1 })
  maxActiveCardsPerMember!: number;

  /** ISO 3166 country a phone number without +country code is read in; null: always +… */
  @Column({ name: 'phone_region', type: 'char', length: 2, nullable: true })
  phoneRegion!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
