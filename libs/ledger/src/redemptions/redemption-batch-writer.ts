import {
  DomainError,
  DomainErrorCode,
  JournalTransactionKind,
  type Lot,
  type LotDraw,
  PointsBook,
} from '@loyalty/domain';
import {
  type IdempotentOutcome,
  LedgerBatchStatements,
  LedgerRepository,
  type LedgerUnitOfWork,
  type JournalTransactionToPost,
  type OutboxEventToWrite,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BatchWrite, writeWithFallback } from '../common/batch-write';
import type { Settled } from '../common/group-commit';
import type { BalanceAfter, LedgerCommand } from '../common/ledger-command';
import { accountOf, postingOf } from '../common/member-posting';
import type { MemberReference } from '../common/member-resolver';
import { REDEMPTION_CODE_MAX_ATTEMPTS, redemptionCodeHash } from './redemption-codes';

export interface RedemptionToRecord {
  readonly member: MemberReference;
  readonly points: number;
  readonly redemptionCode: string;
  readonly storeId: string | null;
  readonly reference: string | null;
}

export interface RecordedRedemption {
  readonly transactionId: string;
  readonly memberId: string;
  readonly points: number;
  /** The lots the points came from, soonest-expiring first. */
  readonly drawnFrom: readonly { lotId: string; points: number; expiresAt: string | null }[];
  readonly balance: BalanceAfter;
}

export interface RedemptionDebit {
  readonly command: LedgerCommand;
  readonly redemption: RedemptionToRecord;
}

export type RedemptionOutcome = IdempotentOutcome<RecordedRedemption>;

/** What must not share a batch: the same key or member reference. */
export const redemptionConflictKeys = ({ command, redemption }: RedemptionDebit): string[] => [
  `key\n${command.idempotency.caller}\n${command.idempotency.key}`,
  'cardNumber' in redemption.member
    ? `card\n${redemption.member.cardNumber}`
    : `member\n${redemption.member.memberId}`,
];

const redemptionCodeInvalid = () =>
  new DomainError(
    DomainErrorCode.RedemptionCodeInvalid,
    "the redemption code is wrong, used or expired: ask the member's app for a new one",
    'redemptionCode',
  );

/**
 * Writes a batch of one program's redemptions in one transaction, as PurchaseBatchWriter does
 * purchases. The no-overdraft rule stays exact: every member account is locked (in id order)
 * before its lots are read, and each redemption spends from the book its predecessors in the
 * batch left (a member reached through two cards). A redemption is refused alone, as it would be
 * on its own: its code is checked first (a wrong one counts a failed try), then its points.
 */
@Injectable()
export class RedemptionBatchWriter {
  constructor(private readonly ledger: LedgerRepository) {}

  write(items: readonly RedemptionDebit[]): Promise<Settled<RedemptionOutcome>[]> {
    return writeWithFallback(items, (batch) =>
      this.ledger.run((unit) => this.together(unit, batch)),
    );
  }

  private async together(
    unit: LedgerUnitOfWork,
    items: readonly RedemptionDebit[],
  ): Promise<Settled<RedemptionOutcome>[]> {
    const statements = await LedgerBatchStatements.within(unit.manager);
    const batch = new BatchWrite<RedemptionDebit, RecordedRedemption>(statements, items);
    const now = new Date();
    const programId = items[0]!.command.programId;
    await batch.claimKeys();
    const members = await batch.resolveMembers(programId, (item) => item.redemption.member);
    const accounts = await unit.lockMemberAccounts(
      programId,
      batch.live.map((index) => members.get(index)!.memberId),
    );

    const asked = [...batch.live];
    const codes = await statements.liveRedemptionCodes(
      asked.map((index) => {
        const memberId = members.get(index)!.memberId;
        return {
          memberId,
          codeHash: redemptionCodeHash(memberId, items[index]!.redemption.redemptionCode),
        };
      }),
      REDEMPTION_CODE_MAX_ATTEMPTS,
    );
    const codeOf = new Map<number, string>();
    const failedTries: string[] = [];
    asked.forEach((index, n) => {
      const code = codes[n];
      if (code) {
        codeOf.set(index, code);
      } else {
        failedTries.push(members.get(index)!.memberId);
        batch.refuse(index, redemptionCodeInvalid());
      }
    });
    await statements.countFailedRedemptionCodes(failedTries);

    const lots = await statements.openLots(
      batch.live.map((index) => accountOf(accounts, members.get(index)!.memberId).accountId),
    );
    const programAccounts = await this.ledger.programAccountsForBatch(programId);
    // Each member's balance and open lots as the items before in this batch left them.
    const books = new Map<string, { balance: number; lots: readonly Lot[] }>();
    const journals: JournalTransactionToPost[] = [];
    const events: OutboxEventToWrite[] = [];
    const usedCodes: string[] = [];
    const answers: { index: number; body: RecordedRedemption }[] = [];
    for (const index of [...batch.live]) {
      const { command, redemption } = items[index]!;
      const memberId = members.get(index)!.memberId;
      const account = accountOf(accounts, memberId);
      const before = books.get(memberId) ?? {
        balance: account.balance,
        lots: lots.get(account.accountId) ?? [],
      };
      const book = new PointsBook(before.balance, before.lots, now);
      let draws: LotDraw[];
      try {
        draws = book.spend(redemption.points);
      } catch (error) {
        batch.refuse(index, error);
        continue;
      }
      books.set(memberId, { balance: book.balance, lots: book.openLots() });
      usedCodes.push(codeOf.get(index)!);
      const transactionId = randomUUID();
      journals.push({
        id: transactionId,
        programId,
        kind: JournalTransactionKind.Redemption,
        memberId,
        storeId: redemption.storeId,
        actor: command.actor,
        details: { reference: redemption.reference },
        entries: [
          { accountId: account.accountId, points: -redemption.points },
          { accountId: programAccounts.points_redeemed, points: redemption.points },
        ],
        ...postingOf(account, book),
      });
      events.push({
        programId,
        memberId,
        type: 'points.redeemed',
        payload: { transactionId, memberId, points: redemption.points },
      });
      answers.push({
        index,
        body: {
          transactionId,
          memberId,
          points: redemption.points,
          drawnFrom: draws.map((draw) => ({
            lotId: draw.lot.id,
            points: draw.points,
            expiresAt: draw.lot.expiresAt?.toISOString() ?? null,
          })),
          // The book holds all the member's open lots, so it knows their balance after this.
          balance: { available: book.available, pending: book.pending },
        },
      });
    }

    await statements.post(journals, { events, spentCodeIds: usedCodes });
    for (const { index, body } of answers) batch.succeed(index, body);
    return batch.finish();
  }
}
