import {
  type BasketLine,
  computeEarnedPoints,
  DomainError,
  DomainErrorCode,
  type EarnedPointsLine,
  expiryOf,
  JournalTransactionKind,
  pendingUntil,
  PointsBook,
} from '@loyalty/domain';
import {
  EarningRulesRepository,
  type IdempotentOutcome,
  LedgerReadsRepository,
  LedgerRepository,
  ValuePolicyRepository,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type BalanceAfter, balanceAfter, type LedgerCommand } from '../common/ledger-command';
import { accountOf, postingOf } from '../common/member-posting';
import { type MemberReference, MemberResolver } from '../common/member-resolver';

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
  readonly pendingUntil: string | null;
  readonly expiresAt: string | null;
  readonly balance: BalanceAfter;
}

/**
 * A till reports a purchase: it is stored (the history CLV learns from) and earns points by the
 * rules in force when it happened. The points stay pending through the return window.
 */
@Injectable()
export class RecordPurchaseUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly reads: LedgerReadsRepository,
    private readonly rules: EarningRulesRepository,
    private readonly memberResolver: MemberResolver,
    private readonly policies: ValuePolicyRepository,
  ) {}

  async execute(
    command: LedgerCommand,
    purchase: PurchaseToRecord,
  ): Promise<IdempotentOutcome<RecordedPurchase>> {
    const program = await this.memberResolver.program(command.programId);
    if (purchase.currency !== program.currency) {
      throw new DomainError(
        DomainErrorCode.CurrencyNotAccepted,
        `the program earns on ${program.currency} purchases, not ${purchase.currency}`,
        'currency',
      );
    }
    const linesTotal = purchase.lines.reduce((sum, line) => sum + line.amountMinor, 0);
    if (purchase.lines.length > 0 && linesTotal !== purchase.amountMinor) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        `the lines add up to ${linesTotal}, not to amountMinor ${purchase.amountMinor}`,
        'lines',
      );
    }
    const { member, cardId } = await this.memberResolver.resolve(program.id, purchase.member);
    const ruleSet = await this.rules.inForceAt(program.id, purchase.occurredAt);
    if (!ruleSet) {
      throw new DomainError(
        DomainErrorCode.EarningRulesMissing,
        'the program had no earning rules in force when the purchase happened',
        'occurredAt',
      );
    }
    // The member's tier (as it is now) earns by the current value policy's multiplier.
    const tierMultiplierBp = member.tier
      ? (await this.policies.inForceAt(program.id, new Date()))?.policy.tiers.find(
          (tier) => tier.name === member.tier,
        )?.earningMultiplierBp
      : undefined;
    const earned = computeEarnedPoints(
      {
        ...purchase,
        memberTier: member.tier,
        ...(tierMultiplierBp !== undefined ? { tierMultiplierBp } : {}),
      },
      ruleSet.rules,
    );
    const availableFrom = pendingUntil(purchase.occurredAt, ruleSet.rules);
    const expiresAt = expiryOf(ruleSet.rules.expiry, purchase.occurredAt, program.timezone);
    const accounts = await this.ledger.programAccountIds(program.id);

    return this.ledger.runIdempotent(command.idempotency, async (unit) => {
      const now = new Date();
      const account = accountOf(await unit.lockMemberAccounts(program.id, [member.id]), member.id);
      const book = new PointsBook(account.balance, [], now);
      const transactionId = randomUUID();
      const purchaseId = randomUUID();
      if (earned.points > 0) {
        book.credit({ id: randomUUID(), amount: earned.points, availableFrom, expiresAt });
      }
      await unit.post({
        id: transactionId,
        programId: program.id,
        kind: JournalTransactionKind.PurchaseEarn,
        memberId: member.id,
        purchaseId,
        storeId: purchase.storeId,
        actor: command.actor,
        details: { earningRulesVersion: ruleSet.version, breakdown: earned.breakdown },
        entries:
          earned.points > 0
            ? [
                { accountId: account.accountId, points: earned.points },
                { accountId: accounts.points_issued, points: -earned.points },
              ]
            : [],
        ...postingOf(account, book),
      });
      await unit.recordPurchase({
        id: purchaseId,
        programId: program.id,
        memberId: member.id,
        cardId,
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
      await unit.writeOutbox([
        {
          programId: program.id,
          memberId: member.id,
          type: 'purchase.recorded',
          payload: {
            purchaseId,
            memberId: member.id,
            storeId: purchase.storeId,
            amountMinor: purchase.amountMinor,
            currency: purchase.currency,
            occurredAt: purchase.occurredAt.toISOString(),
          },
        },
        ...(earned.points > 0
          ? [
              {
                programId: program.id,
                memberId: member.id,
                type: 'points.earned',
                payload: { transactionId, memberId: member.id, points: earned.points, purchaseId },
              },
            ]
          : []),
      ]);
      const balance = await this.reads.balanceOf(member.id, now, unit.manager);
      return {
        status: 201,
        body: {
          transactionId,
          purchaseId,
          memberId: member.id,
          points: earned.points,
          breakdown: earned.breakdown,
          earningRulesVersion: ruleSet.version,
          pendingUntil: earned.points > 0 ? availableFrom.toISOString() : null,
          expiresAt: earned.points > 0 ? (expiresAt?.toISOString() ?? null) : null,
          balance: balanceAfter(balance),
        },
      };
    });
  }
}
