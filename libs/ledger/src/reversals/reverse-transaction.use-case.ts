import {
  capWindowStart,
  checkReversal,
  DomainError,
  DomainErrorCode,
  JournalTransactionKind,
  meaningfulReason,
  type ProgramPointLimits,
  type StaffPrincipal,
  REVERSIBLE_KINDS,
} from '@loyalty/domain';
import {
  type IdempotentOutcome,
  type JournalEntryToPost,
  LedgerRepository,
  type LedgerUnitOfWork,
  type LockedMemberAccount,
  violatedUniqueConstraint,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { LedgerCommand } from '../common/ledger-command';
import { accountOf } from '../common/member-posting';
import { POINTS_MOVED_BY_HAND } from '../adjustments/adjust-points.use-case';
import { ProgramSettings } from '../common/program-settings';
import { openMemberBook } from '../expiry/due-expiry';

export interface ReversedTransaction {
  readonly transactionId: string;
  readonly reversesTransactionId: string;
  /** Per member: how far their balance moved. */
  readonly members: readonly { memberId: string; points: number }[];
}

const alreadyReversed = () =>
  new DomainError(
    DomainErrorCode.TransactionAlreadyReversed,
    'this transaction was already reversed; a transaction is reversed at most once',
    'transactionId',
  );

/**
 * Undoes a journal transaction with a new one, at most once (a unique index backs the check).
 * Spent lots get their points back; credited points are taken back from the lots they went to
 * first — if they were spent meanwhile, the member owes them (docs/decisions/0006).
 */
@Injectable()
export class ReverseTransactionUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly settings: ProgramSettings,
  ) {}

  /**
   * A manager reverses transactions of their store's members, giving points back only within
   * their daily cap on each member; an admin any transaction (decision 0009). Erased members'
   * transactions are final.
   */
  async execute(
    command: LedgerCommand,
    staff: StaffPrincipal,
    transactionId: string,
    reason: string,
  ): Promise<IdempotentOutcome<ReversedTransaction>> {
    const trimmed = meaningfulReason(reason);
    const program = await this.settings.program(command.programId);
    // Loaded once per process; loaded here, the write never asks the pool for a second connection.
    await this.ledger.programAccountIds(command.programId, null);
    try {
      return await this.ledger.runIdempotent(command.idempotency, (unit) =>
        this.reverse(unit, command, transactionId, trimmed, (members) =>
          this.authorise(unit, command.programId, staff, program.pointLimits, members),
        ),
      );
    } catch (error) {
      if (violatedUniqueConstraint(error) === 'journal_transactions_reverses_transaction_id_key') {
        throw alreadyReversed();
      }
      throw error;
    }
  }

  /** Refuses the reversal unless the staff member may give back what it gives back. */
  private async authorise(
    unit: LedgerUnitOfWork,
    programId: string,
    staff: StaffPrincipal,
    limits: ProgramPointLimits,
    moved: readonly { memberId: string; accountId: string; points: number }[],
  ): Promise<void> {
    const since = capWindowStart();
    const facts = await unit.memberFacts(
      programId,
      moved.map((side) => side.memberId),
    );
    const members = [];
    for (const side of moved) {
      const member = facts.get(side.memberId);
      if (!member) throw new Error(`member ${side.memberId} of a transaction is gone`);
      if (member.erased) {
        throw new DomainError(
          DomainErrorCode.MemberErased,
          'the member erased their data: their transactions are final',
          'transactionId',
        );
      }
      members.push({
        enrolledStoreId: member.enrolledStoreId,
        pointsCredited: Math.max(side.points, 0),
        movedByHandInLastDay:
          side.points > 0
            ? await unit.pointsMovedSince(
                side.accountId,
                side.memberId,
                POINTS_MOVED_BY_HAND,
                since,
                {
                  direction: 'both',
                },
              )
            : 0,
      });
    }
    checkReversal(staff, members, limits);
  }

  private async reverse(
    unit: LedgerUnitOfWork,
    command: LedgerCommand,
    transactionId: string,
    reason: string,
    authorise: (
      moved: readonly { memberId: string; accountId: string; points: number }[],
    ) => Promise<void>,
  ): Promise<{ status: number; body: ReversedTransaction }> {
    const notFound = () =>
      new DomainError(
        DomainErrorCode.TransactionNotFound,
        'no transaction of the program has this id',
        'transactionId',
      );
    const peek = await unit.transactionToReverse(command.programId, transactionId);
    if (!peek) throw notFound();
    const memberIds = peek.entries.flatMap((entry) => (entry.memberId ? [entry.memberId] : []));
    const locked = await unit.lockMemberAccounts(command.programId, memberIds);
    // Read again under the locks: a concurrent reversal has committed or not by now.
    const original = await unit.transactionToReverse(command.programId, transactionId);
    if (!original) throw notFound();
    if (!REVERSIBLE_KINDS.has(original.kind)) {
      throw new DomainError(
        DomainErrorCode.TransactionNotReversible,
        `a ${original.kind} transaction cannot be reversed`,
        'transactionId',
      );
    }
    if (original.reversed) throw alreadyReversed();

    const now = new Date();
    const movements = await unit.movementsOf(transactionId);
    const creditedLots = await unit.lotsCreditedBy(transactionId);
    const alreadyRefunded =
      original.kind === JournalTransactionKind.PurchaseEarn && original.purchaseId
        ? ((await unit.refundablePurchase(command.programId, { id: original.purchaseId }))
            ?.pointsRefunded ?? 0)
        : 0;

    const entries: JournalEntryToPost[] = [];
    const newLots = [];
    const lotMovements = [];
    const members: { memberId: string; points: number }[] = [];
    for (const entry of original.entries) {
      if (!entry.memberId) continue;
      const account: LockedMemberAccount = accountOf(locked, entry.memberId);
      const spentLotIds = movements
        .filter((m) => m.accountId === account.accountId && m.points < 0)
        .map((m) => m.lotId);
      const expiredAccount = (
        await this.ledger.programAccountIds(command.programId, entry.memberId)
      ).points_expired;
      const book = await openMemberBook(
        unit,
        command.programId,
        account,
        expiredAccount,
        now,
        spentLotIds,
      );
      let moved: number;
      if (entry.points < 0) {
        // The transaction spent these points: give each lot back what was drawn from it.
        for (const movement of movements) {
          if (movement.accountId === account.accountId && movement.points < 0) {
            book.restore(movement.lotId, -movement.points);
          }
        }
        moved = -entry.points;
      } else {
        moved = -(entry.points - alreadyRefunded);
        const ownLots = creditedLots.filter((lot) => lot.accountId === account.accountId);
        if (moved < 0)
          book.takeBack(
            -moved,
            ownLots.map((lot) => lot.id),
          );
      }
      if (moved !== 0) entries.push({ accountId: account.accountId, points: moved });
      newLots.push(...book.newLots().map((lot) => ({ ...lot, accountId: account.accountId })));
      lotMovements.push(...book.lotMovements());
      members.push({ memberId: entry.memberId, points: moved });
    }
    await authorise(
      members.map((member) => ({
        ...member,
        accountId: accountOf(locked, member.memberId).accountId,
      })),
    );
    const programEntry = original.entries.find((entry) => !entry.memberId);
    const memberTotal = entries.reduce((sum, entry) => sum + entry.points, 0);
    if (programEntry && memberTotal !== 0) {
      entries.push({ accountId: programEntry.accountId, points: -memberTotal });
    }

    const reversalId = randomUUID();
    await unit.post({
      id: reversalId,
      programId: command.programId,
      kind: JournalTransactionKind.Reversal,
      memberId: original.memberId,
      reversesTransactionId: transactionId,
      actor: command.actor,
      reason,
      details: { reversedKind: original.kind },
      entries,
      newLots,
      lotMovements,
    });
    await unit.writeOutbox(
      members.map((member) => ({
        programId: command.programId,
        memberId: member.memberId,
        type: 'points.reversed',
        payload: {
          transactionId: reversalId,
          reversesTransactionId: transactionId,
          memberId: member.memberId,
          points: member.points,
        },
      })),
    );
    return {
      status: 201,
      body: { transactionId: reversalId, reversesTransactionId: transactionId, members },
    };
  }
}
