import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { safeIntegerTransformer } from '../safe-integer';
import { JournalTransactionEntity } from './journal-transaction.entity';
import { LedgerAccountEntity } from './ledger-account.entity';

/**
 * One leg of a journal transaction: points into (positive) or out of (negative) one account. All
 * the entries of a transaction are written by one statement, after which a trigger checks they sum
 * to zero and moves the accounts' cached balances. Append-only.
 */
@Entity({ name: 'journal_entries' })
@Index('journal_entries_transaction_id_account_id_key', ['transactionId', 'accountId'], {
  unique: true,
})
@Index('journal_entries_account_id_idx', ['accountId', 'id'])
@Check('journal_entries_points_check', `"points" <> 0`)
export class JournalEntryEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    primaryKeyConstraintName: 'journal_entries_pkey',
    generatedIdentity: 'ALWAYS',
  })
  id!: string;

  @Column({ name: 'transaction_id', type: 'uuid' })
  transactionId!: string;

  @ManyToOne(() => JournalTransactionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'transaction_id',
    foreignKeyConstraintName: 'journal_entries_transaction_id_fkey',
  })
  transaction?: JournalTransactionEntity;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @ManyToOne(() => LedgerAccountEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'journal_entries_account_id_fkey' })
  account?: LedgerAccountEntity;

  @Column({ type: 'bigint', transformer: safeIntegerTransformer })
  points!: number;
}
