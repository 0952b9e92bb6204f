import {
  DomainError,
  DomainErrorCode,
  type JournalTransaction,
  type PointsBalance,
} from '@loyalty/domain';
import { MemberResolver } from '@loyalty/ledger';
import { type HistoryFilter, LedgerReadsRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

const transactionNotFound = () =>
  new DomainError(DomainErrorCode.TransactionNotFound, 'no such transaction', 'transactionId');

/**
 * Balances and history. Members read their own; staff and tills read any member of their
 * program. A member asking for a transaction that is not theirs is answered as if it did not
 * exist.
 */
@Injectable()
export class ReadPointsUseCase {
  constructor(
    private readonly reads: LedgerReadsRepository,
    private readonly memberResolver: MemberResolver,
  ) {}

  /** The balance of a member the caller is already known to be (a member's own session). */
  balanceOf(memberId: string): Promise<PointsBalance> {
    return this.reads.balanceOf(memberId, new Date());
  }

  /** The balance of a member of the program; an unknown or erased member is refused. */
  async balanceOfMember(programId: string, memberId: string): Promise<PointsBalance> {
    await this.memberResolver.member(programId, memberId);
    return this.balanceOf(memberId);
  }

  /** A member's open points by expiry date; an unknown or erased member is refused. */
  async lotsOfMember(programId: string, memberId: string) {
    await this.memberResolver.member(programId, memberId);
    return this.reads.lotsByExpiry(memberId, new Date());
  }

  /** The member whose card is presented at the till, and their balance. */
  async balanceOfCard(
    programId: string,
    cardNumber: string,
  ): Promise<{ memberId: string; balance: PointsBalance }> {
    const { member } = await this.memberResolver.resolve(programId, { cardNumber });
    return { memberId: member.id, balance: await this.balanceOf(member.id) };
  }

  history(memberId: string, filter: HistoryFilter) {
    return this.reads.history(memberId, filter);
  }

  async historyOfMember(programId: string, memberId: string, filter: HistoryFilter) {
    await this.memberResolver.member(programId, memberId);
    return this.history(memberId, filter);
  }

  /** A transaction of the program, seen by staff. */
  async transaction(programId: string, transactionId: string): Promise<JournalTransaction> {
    const transaction = await this.reads.transaction(programId, transactionId);
    if (!transaction) throw transactionNotFound();
    return transaction;
  }

  /** A transaction of the member's own; any other is answered as not found. */
  async transactionOfMember(
    programId: string,
    memberId: string,
    transactionId: string,
  ): Promise<JournalTransaction> {
    const transaction = await this.reads.transaction(programId, transactionId);
    if (!transaction?.entries.some((entry) => entry.memberId === memberId)) {
      throw transactionNotFound();
    }
    return transaction;
  }
}
