import {
  type BasketLine,
  computeEarnedPoints,
  DomainError,
  DomainErrorCode,
  type EarnedPointsLine,
  type EarningRuleSet,
  JournalTransactionKind,
  PointsBook,
  type Program,
  checkPurchaseAmount,
  purchaseTiming,
} from '@loyalty/domain';
import {
  type IdempotentOutcome,
  LedgerBatchStatements,
  LedgerRepository,
  type LedgerUnitOfWork,
  type JournalTransactionToPost,
  type OutboxEventToWrite,
  type PurchaseToRecord as PurchaseRow,
  violatedUniqueConstraint,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BatchWrite, writeWithFallback } from '../common/batch-write';
import type { Settled } from '../common/group-commit';
import { type BalanceAfter, type LedgerCommand } from '../common/ledger-command';
import { accountOf, postingOf } from '../common/member-posting';
import { type MemberReference } from '../common/member-resolver';
import { ProgramSettings } from '../common/program-settings';

export interface PurchaseToRecord {
  readonly member: MemberReference;
  readonly storeId: string;
  readonly receiptId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly occurredAt: Date;
  readonly lines: readonly BasketLine[];
}

export interface RecordedPurchase {
  readonly transactionId: string;
  readonly purchaseId: string;
  readonly memberId: string;
  readonly points: number;
  readonly breakdown: readonly EarnedPointsLine[];
  readonly earningRulesVersion: number;
  /** When the points become spendable: the return window, counted from when they were recorded. */
  readonly pendingUntil: string | null;
  readonly expiresAt: string | null;
  /** Points already past their expiry when recorded, booked straight to the expired account. */
  readonly pointsExpired: number;
  readonly balance: BalanceAfter;
}

/** A purchase checked against its program and priced rules, waiting for its batch. */
export interface PurchaseCredit {
  readonly command: LedgerCommand;
  readonly program: Program;
  readonly purchase: PurchaseToRecord;
  readonly ruleSet: EarningRuleSet;
  /** `history`: the operator's import of sales from before, with no offline window. */
  readonly recordedAs: 'live' | 'history';
}

export type PurchaseOutcome = IdempotentOutcome<RecordedPurchase>;

const receiptAlreadyRecorded = () =>
  new DomainError(
    DomainErrorCode.ReceiptAlreadyRecorded,
    'this store already recorded a purchase with this receipt id',
    'receiptId',
  );

/** What must not share a batch: the same key, receipt or member reference. */
export const purchaseConflictKeys = ({ command, purchase }: PurchaseCredit): string[] => [
  `key\n${command.idempotency.caller}\n${command.idempotency.key}`,
  `receipt\n${purchase.storeId}\n${purchase.receiptId}`,
  'cardNumber' in purchase.member
    ? `card\n${purchase.member.cardNumber}`
    : `member\n${purchase.member.memberId}`,
];

interface Planned {
  readonly index: number;
  readonly accountId: string;
  readonly answer: Omit<RecordedPurchase, 'balance'>;
}

/**
 * Writes a batch of one program's purchases in one transaction with set-based statements: one
 * claim of all idempotency keys, one look-up of all cards, one check of all receipts, one lock of
 * all member accounts (in id order), one insert per table and one balance update per account.
 * An item that is refused (unknown card, receipt already recorded, key reused) is answered alone
 * and gives its key back; its neighbours commit.
 */
@Injectable()
export class PurchaseBatchWriter {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly settings: ProgramSettings,
  ) {}

  write(items: readonly PurchaseCredit[]): Promise<Settled<PurchaseOutcome>[]> {
    return writeWithFallback(
      items,
      (batch) => this.ledger.run((unit) => this.together(unit, batch)),
      (error) =>
        violatedUniqueConstraint(error) === 'purchases_store_id_receipt_id_key'
          ? receiptAlreadyRecorded()
          : error,
    );
  }

  private async together(
    unit: LedgerUnitOfWork,
    items: readonly PurchaseCredit[],
  ): Promise<Settled<PurchaseOutcome>[]> {
    const statements = await LedgerBatchStatements.within(unit.manager);
    const batch = new BatchWrite<PurchaseCredit, RecordedPurchase>(statements, items);
    const now = new Date();
    const programId = items[0]!.program.id;
    await batch.claimKeys();
    const members = await batch.resolveMembers(programId, (item) => item.purchase.member);
    const receipts = [...batch.live];
    const taken = await statements.receiptsTaken(receipts.map((index) => items[index]!.purchase));
    receipts.forEach((index, n) => {
      if (taken[n]) batch.refuse(index, receiptAlreadyRecorded());
    });
    const live = [...batch.live];

    const accounts = await unit.lockMemberAccounts(
      programId,
      live.map((index) => members.get(index)!.memberId),
    );
    const programAccounts = await this.ledger.programAccountsForBatch(programId);
    const journals: JournalTransactionToPost[] = [];
    const purchases: PurchaseRow[] = [];
    const events: OutboxEventToWrite[] = [];
    const planned: Planned[] = [];
    // A member reached through both a card and an id can still appear twice in one batch.
    const balances = new Map<string, number>();
    for (const index of live) {
      try {
        const member = members.get(index)!;
        const account = accountOf(accounts, member.memberId);
        const item = items[index]!;
        const { purchase, ruleSet } = item;
        const tierMultiplierBp = await this.settings.tierMultiplierBp(programId, member.tier);
        const earned = computeEarnedPoints(
          {
            ...purchase,
            memberTier: member.tier,
            ...(tierMultiplierBp !== undefined ? { tierMultiplierBp } : {}),
          },
          ruleSet.rules,
        );
        // The program's bounds apply to what is written now, after the key was claimed: a till's
        // retry of a purchase recorded before is answered as it was, however late it comes.
        checkPurchaseAmount(purchase.amountMinor, item.program.pointLimits);
        const { availableFrom, expiresAt } = purchaseTiming({
          occurredAt: purchase.occurredAt,
          recordedAt: item.recordedAs === 'history' ? purchase.occurredAt : now,
          rules: ruleSet.rules,
          timeZone: item.program.timezone,
          limits: item.program.pointLimits,
        });
        const balance = balances.get(member.memberId) ?? account.balance;
        const transactionId = randomUUID();
        const purchaseId = randomUUID();
        // Points already past their expiry are never spendable and never pay a debt: their lot is
        // credited and expired at once, and the member's balance does not move.
        const expiredOnArrival =
          earned.points > 0 && expiresAt !== null && expiresAt.getTime() <= now.getTime();
        const book = new PointsBook(balance, [], now);
        const lotId = randomUUID();
        if (earned.points > 0 && !expiredOnArrival) {
          book.credit({ id: lotId, amount: earned.points, availableFrom, expiresAt });
        }
        journals.push({
          id: transactionId,
          programId,
          kind: JournalTransactionKind.PurchaseEarn,
          memberId: member.memberId,
          purchaseId,
          storeId: purchase.storeId,
          actor: item.command.actor,
          details: { earningRulesVersion: ruleSet.version, breakdown: earned.breakdown },
          entries:
            earned.points > 0
              ? [
                  { accountId: account.accountId, points: earned.points },
                  { accountId: programAccounts.points_issued, points: -earned.points },
                ]
              : [],
          ...(expiredOnArrival
            ? {
                newLots: [
                  {
                    id: lotId,
                    accountId: account.accountId,
                    amount: earned.points,
                    availableFrom,
                    expiresAt,
                  },
                ],
                lotMovements: [{ lotId, points: earned.points }],
              }
            : postingOf(account, book)),
        });
        const pointsExpired = expiredOnArrival ? earned.points : 0;
        if (expiredOnArrival) {
          const expiryId = randomUUID();
          journals.push({
            id: expiryId,
            programId,
            kind: JournalTransactionKind.Expiry,
            memberId: member.memberId,
            purchaseId,
            actor: { kind: 'system', id: null },
            details: { asOf: now.toISOString(), expiredOnArrival: true },
            entries: [
              { accountId: account.accountId, points: -pointsExpired },
              { accountId: programAccounts.points_expired, points: pointsExpired },
            ],
            lotMovements: [{ lotId, points: -pointsExpired }],
          });
          events.push({
            programId,
            memberId: member.memberId,
            type: 'points.expired',
            payload: { transactionId: expiryId, memberId: member.memberId, points: pointsExpired },
          });
        }
        balances.set(member.memberId, book.balance);
        purchases.push({
          id: purchaseId,
          programId,
          memberId: member.memberId,
          cardId: member.cardId,
          storeId: purchase.storeId,
          receiptId: purchase.receiptId,
          amountMinor: purchase.amountMinor,
          currency: purchase.currency,
          occurredAt: purchase.occurredAt,
          lines: purchase.lines,
          earningRuleSetId: ruleSet.id,
          pointsEarned: earned.points,
          earnTransactionId: transactionId,
        });
        events.push({
          programId,
          memberId: member.memberId,
          type: 'purchase.recorded',
          payload: {
            purchaseId,
            memberId: member.memberId,
            storeId: purchase.storeId,
            amountMinor: purchase.amountMinor,
            currency: purchase.currency,
            occurredAt: purchase.occurredAt.toISOString(),
          },
        });
        if (earned.points > 0) {
          events.push({
            programId,
            memberId: member.memberId,
            type: 'points.earned',
            payload: {
              transactionId,
              memberId: member.memberId,
              points: earned.points,
              purchaseId,
            },
          });
        }
        planned.push({
          index,
          accountId: account.accountId,
          answer: {
            transactionId,
            purchaseId,
            memberId: member.memberId,
            points: earned.points,
            breakdown: earned.breakdown,
            earningRulesVersion: ruleSet.version,
            pendingUntil: earned.points > 0 ? availableFrom.toISOString() : null,
            expiresAt: earned.points > 0 ? (expiresAt?.toISOString() ?? null) : null,
            pointsExpired,
          },
        });
      } catch (error) {
        batch.refuse(index, error);
      }
    }

    await statements.post(journals, { purchases, events });
    const figures = await statements.figures(
      planned.map((plan) => plan.accountId),
      now,
    );
    for (const plan of planned) {
      const account = figures.get(plan.accountId);
      const balance = account?.balance ?? 0;
      batch.succeed(plan.index, {
        ...plan.answer,
        balance: {
          available: balance < 0 ? balance : (account?.spendable ?? 0),
          pending: account?.pending ?? 0,
        },
      });
    }
    return batch.finish();
  }
}
