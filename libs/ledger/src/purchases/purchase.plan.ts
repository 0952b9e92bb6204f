import {
  type BalanceAfter,
  type BasketLine,
  checkPurchaseAmount,
  computeEarnedPoints,
  type EarnedPointsLine,
  type EarningRuleSet,
  JournalTransactionKind,
  type JournalPlan,
  type LedgerActor,
  type LedgerEvent,
  type MemberPoints,
  type PlanContext,
  type PlannedJournal,
  type PlannedLot,
  PointsBook,
  type Program,
  purchaseTiming,
} from '@loyalty/domain';
import type { MemberReference } from '../common/member-resolver';
import { dueExpiries, type PlannedExpiry } from '../common/points-posting';

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

/** Everything a purchase's points are decided from, read under the member's lock. */
export interface PurchaseToPlan {
  readonly program: Program;
  readonly purchase: PurchaseToRecord;
  readonly ruleSet: EarningRuleSet;
  /** `history`: the operator's import of sales from before, with no offline window. */
  readonly recordedAs: 'live' | 'history';
  readonly actor: LedgerActor;
  readonly member: { readonly cardId: string | null; readonly tier: string | null };
  /** The earning multiplier of the member's tier under the value policy in force, if any. */
  readonly tierMultiplierBp: number | undefined;
  /** The member's balance; a purchase only credits, so no lots are loaded. */
  readonly points: MemberPoints;
  /** The budgeted or limited campaigns the purchase may earn from, read under their locks. */
  readonly campaigns: CampaignAllowances;
}

/**
 * What budgeted and limited campaigns may still credit: `spent` is shared by the plans of one
 * batch (read under the campaigns' row locks, and added to by each plan in turn, so the batch
 * never spends past a budget); `memberPoints` is what this purchase's member already got from
 * each in its limit's period.
 */
export interface CampaignAllowances {
  readonly spent: Map<string, number>;
  readonly memberPoints: ReadonlyMap<string, number>;
}

/** Allowances of a purchase that no campaign has counted anything for yet. */
export const freshCampaignAllowances = (): CampaignAllowances => ({
  spent: new Map(),
  memberPoints: new Map(),
});

/** The campaigns of the rules that count what they credit: a budget, or a member's limit. */
export const countedCampaigns = (ruleSet: EarningRuleSet, occurredAt: Date) =>
  ruleSet.rules.campaigns.filter(
    (campaign) =>
      (campaign.budgetPoints !== null || campaign.perMemberLimit !== null) &&
      occurredAt.getTime() >= campaign.startsAt.getTime() &&
      occurredAt.getTime() < campaign.endsAt.getTime(),
  );

/** What each counted campaign may still credit this purchase: its budget's rest, the member's. */
export function campaignPointsLeft(
  ruleSet: EarningRuleSet,
  occurredAt: Date,
  allowances: CampaignAllowances,
): Map<string, number> {
  const left = new Map<string, number>();
  for (const campaign of countedCampaigns(ruleSet, occurredAt)) {
    const budgetLeft =
      campaign.budgetPoints === null
        ? Infinity
        : campaign.budgetPoints - (allowances.spent.get(campaign.code) ?? 0);
    const memberLeft =
      campaign.perMemberLimit === null
        ? Infinity
        : campaign.perMemberLimit.points - (allowances.memberPoints.get(campaign.code) ?? 0);
    left.set(campaign.code, Math.max(Math.min(budgetLeft, memberLeft), 0));
  }
  return left;
}

/**
 * What a purchase earns and when its points become spendable and expire: the one computation
 * behind both the purchase's plan and its preview at the till. `expiredOnArrival` is true when
 * the points are already past their expiry as they are recorded.
 */
export function earningOf(
  input: Pick<
    PurchaseToPlan,
    'purchase' | 'ruleSet' | 'program' | 'recordedAs' | 'member' | 'tierMultiplierBp' | 'campaigns'
  >,
  now: Date,
) {
  const { purchase, ruleSet, program } = input;
  const earned = computeEarnedPoints(
    {
      ...purchase,
      memberTier: input.member.tier,
      ...(input.tierMultiplierBp !== undefined ? { tierMultiplierBp: input.tierMultiplierBp } : {}),
      campaignPointsLeft: campaignPointsLeft(ruleSet, purchase.occurredAt, input.campaigns),
    },
    ruleSet.rules,
  );
  // The program's bounds apply to what is written now, after the key was claimed: a till's retry
  // of a purchase recorded before is answered as it was, however late it comes.
  checkPurchaseAmount(purchase.amountMinor, program.pointLimits);
  const { availableFrom, expiresAt } = purchaseTiming({
    occurredAt: purchase.occurredAt,
    recordedAt: input.recordedAs === 'history' ? purchase.occurredAt : now,
    rules: ruleSet.rules,
    timeZone: program.timezone,
    limits: program.pointLimits,
  });
  const expiredOnArrival =
    earned.points > 0 && expiresAt !== null && expiresAt.getTime() <= now.getTime();
  return { earned, availableFrom, expiresAt, expiredOnArrival };
}

/**
 * Points already past their expiry when recorded: their lot is credited and expired at once, by
 * an expiry transaction of its own, so they are never spendable and never pay a debt.
 */
function expiredOnArrival(
  lot: PlannedLot,
  purchaseId: string,
  points: MemberPoints,
  context: PlanContext,
): { earnPosting: Pick<PlannedJournal, 'newLots' | 'lotMovements'>; expiry: PlannedExpiry } {
  const expiryId = context.newId();
  return {
    earnPosting: { newLots: [lot], lotMovements: [{ lotId: lot.id, points: lot.amount }] },
    expiry: {
      points: lot.amount,
      journal: {
        id: expiryId,
        programId: context.programId,
        kind: JournalTransactionKind.Expiry,
        memberId: points.memberId,
        purchaseId,
        actor: { kind: 'system', id: null },
        details: { asOf: context.now.toISOString(), expiredOnArrival: true },
        entries: [
          { accountId: points.accountId, points: -lot.amount },
          { accountId: context.programAccounts.points_expired, points: lot.amount },
        ],
        lotMovements: [{ lotId: lot.id, points: -lot.amount }],
      },
      event: {
        programId: context.programId,
        memberId: points.memberId,
        type: 'points.expired',
        payload: { transactionId: expiryId, memberId: points.memberId, points: lot.amount },
      },
    },
  };
}

/**
 * A purchase earns points by the rules in force when it happened, pending through the return
 * window counted from when it is recorded; points already past their expiry go straight to the
 * expired account and the balance does not move.
 */
export function planPurchase(
  input: PurchaseToPlan,
  context: PlanContext,
): JournalPlan<RecordedPurchase> {
  const { purchase, ruleSet, program, points } = input;
  const {
    earned,
    availableFrom,
    expiresAt,
    expiredOnArrival: arrivesExpired,
  } = earningOf(input, context.now);
  const memberId = points.memberId;
  const transactionId = context.newId();
  const purchaseId = context.newId();
  const lot = {
    id: context.newId(),
    accountId: points.accountId,
    amount: earned.points,
    availableFrom,
    expiresAt,
  };
  const arrivedExpired = arrivesExpired ? expiredOnArrival(lot, purchaseId, points, context) : null;
  const book = new PointsBook(points.balance, [], context.now);
  if (earned.points > 0 && !arrivedExpired) book.credit(lot);
  const events: LedgerEvent[] = [
    {
      programId: program.id,
      memberId,
      type: 'purchase.recorded',
      payload: {
        purchaseId,
        memberId,
        storeId: purchase.storeId,
        amountMinor: purchase.amountMinor,
        currency: purchase.currency,
        occurredAt: purchase.occurredAt.toISOString(),
      },
    },
  ];
  if (earned.points > 0) {
    events.push({
      programId: program.id,
      memberId,
      type: 'points.earned',
      payload: { transactionId, memberId, points: earned.points, purchaseId },
    });
  }
  const expiry = dueExpiries(arrivedExpired?.expiry ?? null);
  const campaignCredits = arrivedExpired
    ? []
    : countedCampaigns(ruleSet, purchase.occurredAt).flatMap((campaign) => {
        const line = earned.breakdown.find(
          (each) => each.rule === 'campaign' && each.detail === campaign.code,
        );
        // A cap on the purchase may credit less than the campaign's line: never more.
        const points = Math.min(line?.points ?? 0, earned.points);
        return points > 0
          ? [
              {
                programId: program.id,
                campaignCode: campaign.code,
                purchaseId,
                memberId,
                points,
                occurredAt: purchase.occurredAt,
                budgetPoints: campaign.budgetPoints,
              },
            ]
          : [];
      });
  // Last, once nothing can refuse the purchase: the next plan of the batch sees what it spent.
  const budgetsSpent: LedgerEvent[] = [];
  for (const credit of campaignCredits) {
    const spent = (input.campaigns.spent.get(credit.campaignCode) ?? 0) + credit.points;
    input.campaigns.spent.set(credit.campaignCode, spent);
    // Exactly one purchase takes a budget's last points: it tells.
    if (credit.budgetPoints !== null && spent === credit.budgetPoints) {
      budgetsSpent.push({
        programId: program.id,
        memberId: null,
        type: 'campaign.budget_spent',
        payload: { code: credit.campaignCode, budgetPoints: credit.budgetPoints, purchaseId },
      });
    }
  }
  return {
    journals: [
      {
        id: transactionId,
        programId: program.id,
        kind: JournalTransactionKind.PurchaseEarn,
        memberId,
        purchaseId,
        storeId: purchase.storeId,
        actor: input.actor,
        details: { earningRulesVersion: ruleSet.version, breakdown: earned.breakdown },
        entries:
          earned.points > 0
            ? [
                { accountId: points.accountId, points: earned.points },
                { accountId: context.programAccounts.points_issued, points: -earned.points },
              ]
            : [],
        ...(arrivedExpired?.earnPosting ?? book.takePosting(points.accountId)),
      },
      ...expiry.journals,
    ],
    events: [...expiry.events, ...events, ...budgetsSpent],
    records: {
      campaignCredits,
      purchases: [
        {
          id: purchaseId,
          programId: program.id,
          memberId,
          cardId: input.member.cardId,
          storeId: purchase.storeId,
          receiptId: purchase.receiptId,
          amountMinor: purchase.amountMinor,
          currency: purchase.currency,
          occurredAt: purchase.occurredAt,
          lines: purchase.lines,
          earningRuleSetId: ruleSet.id,
          pointsEarned: earned.points,
          earnTransactionId: transactionId,
        },
      ],
    },
    balancesOf: [points.accountId],
    answer: (balanceAfter) => ({
      transactionId,
      purchaseId,
      memberId,
      points: earned.points,
      breakdown: earned.breakdown,
      earningRulesVersion: ruleSet.version,
      pendingUntil: earned.points > 0 ? availableFrom.toISOString() : null,
      expiresAt: earned.points > 0 ? (expiresAt?.toISOString() ?? null) : null,
      pointsExpired: arrivedExpired?.expiry.points ?? 0,
      balance: balanceAfter(points.accountId),
    }),
  };
}
