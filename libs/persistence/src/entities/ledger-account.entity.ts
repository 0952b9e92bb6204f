import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { safeIntegerTransformer } from '../safe-integer';
import { MemberEntity } from './member.entity';
import { ProgramEntity } from './program.entity';

/**
 * A points account: one per member, and the program's own accounts that balance them (each kind
 * split into sub-accounts). `balance` and the lifetime figures are a cache of the account's
 * entries, kept by a trigger on journal_entries in the same statement; the database refuses any
 * other change to them.
 */
@Entity({ name: 'ledger_accounts' })
@Index('ledger_accounts_member_id_key', ['memberId'], {
  unique: true,
  where: '"member_id" IS NOT NULL',
})
@Index('ledger_accounts_program_id_kind_slot_key', ['programId', 'kind', 'slot'], {
  unique: true,
  where: `"kind" <> 'member'`,
})
@Check(
  'ledger_accounts_kind_check',
  `"kind" IN ('member', 'points_issued', 'points_redeemed', 'points_expired', 'adjustments', 'rewards', 'points_forfeited', 'points_held', 'points_in_vouchers')`,
)
@Check('ledger_accounts_member_check', `("kind" = 'member') = ("member_id" IS NOT NULL)`)
@Check('ledger_accounts_slot_check', `"slot" >= 0 AND ("kind" <> 'member' OR "slot" = 0)`)
export class LedgerAccountEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'ledger_accounts_pkey' })
  id!: string;

  @Column({ name: 'program_id', type: 'uuid' })
  programId!: string;

  @ManyToOne(() => ProgramEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'program_id', foreignKeyConstraintName: 'ledger_accounts_program_id_fkey' })
  program?: ProgramEntity;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId!: string | null;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'ledger_accounts_member_id_fkey' })
  member?: MemberEntity;

  /**
   * Which of the program's sub-accounts of this kind: every program account is split into
   * PROGRAM_ACCOUNT_SLOTS rows, so concurrent writes for different members never queue on one
   * hot row (docs/performance.md). Members' accounts have slot 0.
   */
  @Column({ type: 'smallint', default: 0 })
  slot!: number;

  @Column({ type: 'bigint', default: 0, transformer: safeIntegerTransformer })
  balance!: number;

  /**
   * Points the account gained from purchases and rewards, net of refunds and of reversals of
   * them; kept by the same trigger as the balance, so a balance read need not add up the history.
   */
  @Column({
    name: 'lifetime_earned',
    type: 'bigint',
    default: 0,
    transformer: safeIntegerTransformer,
  })
  lifetimeEarned!: number;

  /**
   * Points the account spent on redemptions, net of reversed redemptions, counting points held for
   * an open order until a release gives them back; kept likewise.
   */
  @Column({
    name: 'lifetime_redeemed',
    type: 'bigint',
    default: 0,
    transformer: safeIntegerTransformer,
  })
  lifetimeRedeemed!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
