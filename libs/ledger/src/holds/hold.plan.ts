import {
  type BalanceAfter,
  DomainError,
  DomainErrorCode,
  type HoldReleaseReason,
  JournalTransactionKind,
  type JournalPlan,
  type LedgerActor,
  type LedgerEvent,
  type Lot,
  type LotMovement,
  type MemberPoints,
  type PlanContext,
  type PlannedEntry,
  PointsBook,
} from '@loyalty/domain';
import type { PointHoldRecord } from '@loyalty/persistence';
import type { MemberReference } from '../common/member-resolver';
import { openBook, planDueExpiry } from '../common/points-posting';

export interface HoldToPlace {
  readonly member: MemberReference;
  readonly points: number;
  readonly redemptionCode: string;
  readonly storeId: string;
  readonly reference: string | null;
  readonly expiresInSeconds: number;
}

export interface PlacedHold {
  readonly holdId: string;
  readonly transactionId: string;
  readonly memberId: string;
  readonly points: number;
  readonly status: 'held';
  readonly expiresAt: string;
  readonly reference: string | null;
  /** The lots the points were taken from, soonest-expiring first. */
  readonly drawnFrom: readonly { lotId: string; points: number; expiresAt: string | null }[];
  readonly balance: BalanceAfter;
}

/** A hold whose code was found live, and the member's points under their lock. */
export interface HoldToPlan {
  readonly programId: string;
  readonly hold: HoldToPlace;
  readonly actor: LedgerActor;
  readonly codeId: string;
  readonly points: MemberPoints;
}

/**
 * Takes available points (never pending ones), soonest-expiring lots first, into the program's
 * held account, where nothing else can spend them; refused when the member has too few. The code
 * that authorised it is spent: the capture needs no second one.
 */
export function planHold(input: HoldToPlan, context: PlanContext): JournalPlan<PlacedHold> {
  const { hold, points, programId } = input;
  const memberId = points.memberId;
  const book = new PointsBook(points.balance, points.lots, context.now);
  const draws = book.spend(hold.points);
  const holdId = context.newId();
  const transactionId = context.newId();
  const expiresAt = new Date(context.now.getTime() + hold.expiresInSeconds * 1000);
  const balance = { available: book.available, pending: book.pending };
  return {
    journals: [
      {
        id: transactionId,
        programId,
        kind: JournalTransactionKind.Hold,
        memberId,
        storeId: hold.storeId,
        actor: input.actor,
        details: { holdId, reference: hold.reference },
        entries: [
          { accountId: points.accountId, points: -hold.points },
          { accountId: context.programAccounts.points_held, points: hold.points },
        ],
        ...book.takePosting(points.accountId),
      },
    ],
    events: [
      {
        programId,
        memberId,
        type: 'points.held',
        payload: {
          transactionId,
          memberId,
          points: -hold.points,
          holdId,
          expiresAt: expiresAt.toISOString(),
        },
      },
    ],
    records: {
      spentCodeIds: [input.codeId],
      holds: [
        {
          id: holdId,
          programId,
          memberId,
          storeId: hold.storeId,
          points: hold.points,
          reference: hold.reference,
          expiresAt,
          holdTransactionId: transactionId,
        },
      ],
    },
    answer: () => ({
      holdId,
      transactionId,
      memberId,
      points: hold.points,
      status: 'held',
      expiresAt: expiresAt.toISOString(),
      reference: hold.reference,
      drawnFrom: draws.map((draw) => ({
        lotId: draw.lot.id,
        points: draw.points,
        expiresAt: draw.lot.expiresAt?.toISOString() ?? null,
      })),
      balance,
    }),
  };
}

/** What settles a hold: a capture of all its points or fewer, or a release of them all. */
export type HoldSettlement =
  | { readonly kind: 'capture'; readonly points: number | null }
  | { readonly kind: 'release'; readonly reason: Exclude<HoldReleaseReason, 'partial_capture'> };

export interface SettledHold {
  readonly holdId: string;
  readonly memberId: string;
  readonly status: 'captured' | 'released';
  /** What the hold held. */
  readonly points: number;
  /** What the capture redeemed (0 for a release). */
  readonly capturedPoints: number;
  /** What went back to the member's lots. */
  readonly releasedPoints: number;
  readonly transactionId: string;
  readonly balance: BalanceAfter;
}

/** A held hold, locked, with the member's points: their open lots and the ones the hold drew. */
export interface HoldSettlementToPlan {
  readonly programId: string;
  readonly actor: LedgerActor;
  readonly hold: PointHoldRecord;
  readonly settlement: HoldSettlement;
  /** The hold transaction's lot movements (each negative: what it took from a lot). */
  readonly drawn: readonly LotMovement[];
  readonly points: MemberPoints;
}

const holdExpired = (hold: PointHoldRecord) =>
  new DomainError(
    DomainErrorCode.HoldExpired,
    `the hold expired at ${hold.expiresAt.toISOString()}: its points go back to the member; ` +
      'place a new hold',
    'holdId',
  );

/** Latest-expiring first: what a partial capture gives back, so it redeems the soonest-expiring. */
const byExpiryLatestFirst = (a: Lot, b: Lot): number =>
  (b.expiresAt?.getTime() ?? Infinity) - (a.expiresAt?.getTime() ?? Infinity) ||
  b.createdAt.getTime() - a.createdAt.getTime() ||
  b.id.localeCompare(a.id);

/**
 * Settles a held hold in one journal transaction out of the program's held account: a capture
 * redeems what the till takes (all by default) and gives the rest back to the lots it came from,
 * latest-expiring first; a release gives everything back. A lot that expired while its points
 * were held gets them back and expires them at once, in a transaction of its own, as any lot past
 * its expiry would. A capture after the hold's expiry is refused: the release sweep gives those
 * points back.
 */
export function planHoldSettlement(
  input: HoldSettlementToPlan,
  context: PlanContext,
): JournalPlan<SettledHold> {
  const { hold, settlement, points, programId } = input;
  if (settlement.kind === 'capture' && hold.expiresAt.getTime() <= context.now.getTime()) {
    throw holdExpired(hold);
  }
  const captured = settlement.kind === 'capture' ? (settlement.points ?? hold.points) : 0;
  if (captured > hold.points) {
    throw new DomainError(
      DomainErrorCode.InsufficientPoints,
      `${captured} points were asked for but the hold holds ${hold.points}`,
      'points',
    );
  }
  const { book, dueExpiry } = openBook(points, programId, context);
  const released = hold.points - captured;
  const lotsById = new Map(points.lots.map((lot) => [lot.id, lot]));
  let toGiveBack = released;
  for (const draw of [...input.drawn].sort((a, b) =>
    byExpiryLatestFirst(lotsById.get(a.lotId)!, lotsById.get(b.lotId)!),
  )) {
    if (toGiveBack === 0) break;
    const points = Math.min(toGiveBack, -draw.points);
    book.restore(draw.lotId, points);
    toGiveBack -= points;
  }
  const transactionId = context.newId();
  const entries: PlannedEntry[] = [
    { accountId: context.programAccounts.points_held, points: -hold.points },
  ];
  if (captured > 0) {
    entries.push({ accountId: context.programAccounts.points_redeemed, points: captured });
  }
  if (released > 0) entries.push({ accountId: points.accountId, points: released });
  const settlementJournal = {
    id: transactionId,
    programId,
    kind:
      settlement.kind === 'capture'
        ? JournalTransactionKind.HoldCapture
        : JournalTransactionKind.HoldRelease,
    memberId: hold.memberId,
    storeId: hold.storeId,
    actor: input.actor,
    details: {
      holdId: hold.id,
      reference: hold.reference,
      ...(settlement.kind === 'release' ? { reason: settlement.reason } : {}),
    },
    entries,
    ...book.takePosting(points.accountId),
  };
  const expiredOnReturn = planDueExpiry(book, points, programId, context);
  const events: LedgerEvent[] = [];
  if (captured > 0) {
    events.push({
      programId,
      memberId: hold.memberId,
      type: 'points.redeemed',
      payload: { transactionId, memberId: hold.memberId, points: captured, holdId: hold.id },
    });
  }
  if (released > 0) {
    events.push({
      programId,
      memberId: hold.memberId,
      type: 'points.released',
      payload: {
        transactionId,
        memberId: hold.memberId,
        points: released,
        holdId: hold.id,
        reason: settlement.kind === 'release' ? settlement.reason : 'partial_capture',
      },
    });
  }
  const status = settlement.kind === 'capture' ? 'captured' : 'released';
  return {
    journals: [
      ...(dueExpiry ? [dueExpiry.journal] : []),
      settlementJournal,
      ...(expiredOnReturn ? [expiredOnReturn.journal] : []),
    ],
    events: [
      ...(dueExpiry ? [dueExpiry.event] : []),
      ...events,
      ...(expiredOnReturn ? [expiredOnReturn.event] : []),
    ],
    records: {
      holdSettlements: [
        {
          id: hold.id,
          status,
          capturedPoints: settlement.kind === 'capture' ? captured : null,
          settledBy:
            settlement.kind === 'release' && settlement.reason === 'expiry' ? 'expiry' : 'till',
          transactionId,
        },
      ],
    },
    balancesOf: [points.accountId],
    answer: (balanceAfter) => ({
      holdId: hold.id,
      memberId: hold.memberId,
      status,
      points: hold.points,
      capturedPoints: captured,
      releasedPoints: released,
      transactionId,
      balance: balanceAfter(points.accountId),
    }),
  };
}
