import {
  DomainError,
  DomainErrorCode,
  JournalTransactionKind,
  meaningfulReason,
  type ProgramPointLimits,
  REVERSIBLE_KINDS,
  type StaffPrincipal,
} from '@loyalty/domain';
import {
  type IdempotentAnswer,
  type LedgerTransaction,
  violatedUniqueConstraint,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { movedByHandInLastDay } from '../adjustments/adjust-points.use-case';
import type { LedgerCommand } from '../common/ledger-command';
import { ProgramSettings } from '../common/program-settings';
import { type LedgerOperation, settleEach } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import {
  planReversal,
  type ReversalMember,
  type ReversalToPlan,
  type ReversedTransaction,
} from './reversal.plan';

export type { ReversedTransaction } from './reversal.plan';

/** The most reversals one transaction takes: they come from desks, not tills. */
export const REVERSAL_BATCH_LIMIT = 32;

interface TransactionReversal {
  readonly command: LedgerCommand;
  readonly staff: StaffPrincipal;
  readonly limits: ProgramPointLimits;
  readonly transactionId: string;
  readonly reason: string;
}

type ReversalLoad = Omit<
  ReversalToPlan,
  'programId' | 'actor' | 'staff' | 'limits' | 'reason' | 'transactionId'
>;

const alreadyReversed = () =>
  new DomainError(
    DomainErrorCode.TransactionAlreadyReversed,
    'this transaction was already reversed; a transaction is reversed at most once',
    'transactionId',
  );

const transactionNotFound = () =>
  new DomainError(
    DomainErrorCode.TransactionNotFound,
    'no transaction of the program has this id',
    'transactionId',
  );

/** The transaction and everything it moved, read under its members' locks. */
async function loadReversal(
  transaction: LedgerTransaction,
  programId: string,
  transactionId: string,
  accounts: Parameters<typeof movedByHandInLastDay>[1][],
): Promise<ReversalLoad> {
  // Read again under the locks: a concurrent reversal has committed or not by now.
  const original = await transaction.reads.transactionToReverse(programId, transactionId);
  if (!original) throw transactionNotFound();
  if (!REVERSIBLE_KINDS.has(original.kind)) {
    throw new DomainError(
      DomainErrorCode.TransactionNotReversible,
      `a ${original.kind} transaction cannot be reversed`,
      'transactionId',
    );
  }
  if (original.reversed) throw alreadyReversed();
  const movements = await transaction.reads.movementsOf(transactionId);
  const creditedLots = await transaction.reads.lotsCreditedBy(transactionId);
  const alreadyRefunded =
    original.kind === JournalTransactionKind.PurchaseEarn && original.purchaseId
      ? ((await transaction.reads.refundablePurchase(programId, { id: original.purchaseId }))
          ?.pointsRefunded ?? 0)
      : 0;
  const facts = await transaction.reads.memberFacts(
    programId,
    accounts.map((account) => account.memberId),
  );
  const lots = await transaction.openLots(
    accounts.map((account) => account.accountId),
    movements.filter((movement) => movement.points < 0).map((movement) => movement.lotId),
  );
  const members = new Map<string, ReversalMember>();
  for (const account of accounts) {
    const memberFacts = facts.get(account.memberId);
    if (!memberFacts) throw new Error(`member ${account.memberId} of a transaction is gone`);
    const spent = original.entries.some(
      (entry) => entry.memberId === account.memberId && entry.points < 0,
    );
    members.set(account.memberId, {
      facts: memberFacts,
      points: { ...account, lots: lots.get(account.accountId)! },
      movedByHandInLastDay: spent ? await movedByHandInLastDay(transaction, account) : 0,
    });
  }
  return { original, movements, creditedLots, alreadyRefunded, members };
}

/**
 * Undoes a journal transaction with a new one, at most once (a unique index backs the check). A
 * manager reverses transactions of their store's members, giving points back only within their
 * daily cap on each member; an admin any transaction (decision 0009). Erased members'
 * transactions are final.
 */
@Injectable()
export class ReverseTransactionUseCase {
  private readonly operation: LedgerOperation<
    TransactionReversal,
    readonly string[],
    ReversalLoad,
    ReversedTransaction
  > = {
    name: 'reversal',
    maxBatch: REVERSAL_BATCH_LIMIT,
    maxInFlight: 2,
    claimOf: (item) => item.command.idempotency,
    conflictKeysOf: ({ command, transactionId }) => [
      `key\n${command.idempotency.caller}\n${command.idempotency.key}`,
      `transaction\n${transactionId}`,
    ],
    identify: (transaction, programId, items) =>
      settleEach(items, async ({ transactionId }) => {
        const peek = await transaction.reads.transactionToReverse(programId, transactionId);
        if (!peek) throw transactionNotFound();
        const memberIds = peek.entries.flatMap((entry) => (entry.memberId ? [entry.memberId] : []));
        return { memberIds, found: memberIds };
      }),
    load: (transaction, programId, items) =>
      settleEach(items, ({ item, found, accounts }) =>
        loadReversal(
          transaction,
          programId,
          item.transactionId,
          found.map((memberId) => accounts.get(memberId)!),
        ),
      ),
    plan: (item, loaded, context) =>
      planReversal(
        {
          ...loaded,
          programId: item.command.programId,
          actor: item.command.actor,
          staff: item.staff,
          limits: item.limits,
          reason: item.reason,
          transactionId: item.transactionId,
        },
        context,
      ),
    explain: (error) =>
      violatedUniqueConstraint(error) === 'journal_transactions_reverses_transaction_id_key'
        ? alreadyReversed()
        : error,
  };

  constructor(
    private readonly settings: ProgramSettings,
    private readonly writer: LedgerWriter,
  ) {}

  async execute(
    command: LedgerCommand,
    staff: StaffPrincipal,
    transactionId: string,
    reason: string,
  ): Promise<IdempotentAnswer<ReversedTransaction>> {
    const trimmed = meaningfulReason(reason);
    const program = await this.settings.program(command.programId);
    return this.writer.submit(this.operation, command.programId, {
      command,
      staff,
      limits: program.pointLimits,
      transactionId,
      reason: trimmed,
    });
  }
}
