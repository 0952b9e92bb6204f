import {
  brokenLedgerRules,
  clockPast,
  daysAgo,
  enrolMember,
  insertRedemptionCode,
  type EnrolledMember,
  expiringIn,
  type LedgerWorld,
  ledgerWrite,
  memberBalance,
  raiseAdjustmentCaps,
  setPointLimits,
} from '@loyalty/testing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { startWorld } from './ledger-world';

/**
 * With the expiry job never run, no sequence of operations over HTTP spends a point after its
 * expiry instant (items 2 and 3 of decision 0009): purchases of any age, some expiring while the
 * sequence runs, redemptions, transfers, adjustments and refunds against a model that counts a lot
 * past its expiry as gone. Purchases older than the offline window are refused and leave nothing.
 */

type Age = 'outsideWindow' | 'expiredOnArrival' | 'expiringSoon' | 'spendable' | 'pending';
const OFFLINE_WINDOW_DAYS = 500;
/** A request is sent only while every lot the model counts as live has this long to live. */
const MARGIN_MS = 1_000;
const EXPIRING_SOON_S = 2;

interface ModelLot {
  remaining: number;
  pending: boolean;
  expiresAt: number | null;
  created: number;
}

interface ModelPurchase {
  member: number;
  amountMinor: number;
  points: number;
  lot: ModelLot | null;
  refunded: boolean;
}

class ExpiryModel {
  /** Lots expiring at or before this instant are expired (the clock the spec waited past). */
  clock = Date.now();
  private sequence = 0;
  readonly lots: ModelLot[][];
  readonly debts: number[];
  readonly purchases: ModelPurchase[] = [];

  constructor(members: number) {
    this.lots = Array.from({ length: members }, () => []);
    this.debts = Array.from({ length: members }, () => 0);
  }

  private live(member: number): ModelLot[] {
    return this.lots[member]!.filter(
      (lot) => lot.remaining > 0 && (lot.expiresAt === null || lot.expiresAt > this.clock),
    );
  }

  available(member: number): number {
    if (this.debts[member]! > 0) return -this.debts[member]!;
    return this.live(member)
      .filter((lot) => !lot.pending)
      .reduce((sum, lot) => sum + lot.remaining, 0);
  }

  /** Points in lots past their expiry that nothing booked yet (the job never runs here). */
  expiredHeld(member: number): number {
    return this.lots[member]!.filter(
      (lot) => lot.expiresAt !== null && lot.expiresAt <= this.clock,
    ).reduce((sum, lot) => sum + lot.remaining, 0);
  }

  pending(member: number): number {
    return this.live(member)
      .filter((lot) => lot.pending)
      .reduce((sum, lot) => sum + lot.remaining, 0);
  }

  /** The soonest expiry instant still ahead of the clock, if a lot expires within seconds. */
  nextExpiryWithin(ms: number): number | null {
    const soon = this.lots
      .flat()
      .map((lot) => lot.expiresAt)
      .filter((at): at is number => at !== null && at > this.clock && at <= Date.now() + ms);
    return soon.length > 0 ? Math.max(...soon) : null;
  }

  credit(member: number, points: number, pending: boolean, expiresAt: number | null): ModelLot {
    const paid = Math.min(this.debts[member]!, points);
    this.debts[member]! -= paid;
    const lot = { remaining: points - paid, pending, expiresAt, created: (this.sequence += 1) };
    this.lots[member]!.push(lot);
    return lot;
  }

  /** A lot already past its expiry when recorded holds nothing and pays no debt. */
  earn(
    purchase: Omit<ModelPurchase, 'lot' | 'refunded'>,
    pending: boolean,
    expiresAt: number | null,
    expired: boolean,
  ) {
    let lot: ModelLot | null = null;
    if (purchase.points > 0 && expired) {
      lot = { remaining: 0, pending, expiresAt, created: (this.sequence += 1) };
      this.lots[purchase.member]!.push(lot);
    } else if (purchase.points > 0) {
      lot = this.credit(purchase.member, purchase.points, pending, expiresAt);
    }
    this.purchases.push({ ...purchase, lot, refunded: false });
  }

  /** Spends soonest-expiring live points first; false when too few are available. */
  spend(member: number, points: number): { lot: ModelLot; points: number }[] | null {
    if (points > this.available(member)) return null;
    return this.draw(this.byExpiry(this.live(member).filter((lot) => !lot.pending)), points);
  }

  transfer(from: number, to: number, points: number): boolean {
    const draws = this.spend(from, points);
    if (!draws) return false;
    for (const draw of draws) this.credit(to, draw.points, false, draw.lot.expiresAt);
    return true;
  }

  adjust(member: number, points: number, expiresAt: number): boolean {
    if (points > 0) {
      this.credit(member, points, false, expiresAt);
      return true;
    }
    const held = this.live(member).reduce((sum, lot) => sum + lot.remaining, 0);
    if (this.debts[member]! > 0 || -points > held) return false;
    this.takeBack(member, -points, null);
    return true;
  }

  refund(index: number): boolean {
    const purchase = this.purchases[index]!;
    if (purchase.refunded) return false;
    purchase.refunded = true;
    this.takeBack(purchase.member, purchase.points, purchase.lot);
    return true;
  }

  /** Refunds and negative adjustments, after the expired lots were booked: own lot, pending, rest. */
  private takeBack(member: number, points: number, own: ModelLot | null): void {
    const live = this.live(member);
    const others = live.filter((lot) => lot !== own);
    const order = [
      ...(own && live.includes(own) ? [own] : []),
      ...this.byExpiry(others.filter((lot) => lot.pending)),
      ...this.byExpiry(others.filter((lot) => !lot.pending)),
    ];
    const drawn = this.draw(order, points).reduce((sum, draw) => sum + draw.points, 0);
    this.debts[member]! += points - drawn;
  }

  private byExpiry(lots: ModelLot[]): ModelLot[] {
    return [...lots].sort(
      (a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity) || a.created - b.created,
    );
  }

  private draw(lots: ModelLot[], points: number): { lot: ModelLot; points: number }[] {
    const draws: { lot: ModelLot; points: number }[] = [];
    let left = points;
    for (const lot of lots) {
      const drawn = Math.min(lot.remaining, left);
      if (drawn > 0) {
        lot.remaining -= drawn;
        draws.push({ lot, points: drawn });
        left -= drawn;
      }
    }
    return draws;
  }
}

type Operation =
  | { kind: 'earn'; member: number; amountMinor: number; age: Age }
  | { kind: 'redeem'; member: number; points: number }
  | { kind: 'transfer'; from: number; to: number; points: number }
  | { kind: 'adjust'; member: number; points: number }
  | { kind: 'refund'; purchase: number }
  | { kind: 'passTime' };

const MEMBERS = 2;
const member = fc.integer({ min: 0, max: MEMBERS - 1 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('earn' as const),
      member,
      amountMinor: fc.integer({ min: 100, max: 30_000 }),
      age: fc.constantFrom<Age>(
        'outsideWindow',
        'expiredOnArrival',
        'expiringSoon',
        'expiringSoon',
        'spendable',
        'pending',
      ),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('redeem' as const),
      member,
      points: fc.integer({ min: 1, max: 300 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      from: member,
      to: member,
      points: fc.integer({ min: 1, max: 300 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('adjust' as const),
      member,
      points: fc.integer({ min: -200, max: 200 }).filter((points) => points !== 0),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refund' as const), purchase: fc.nat() }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'passTime' as const }) },
);

const OCCURRED_AT: Record<Age, () => string> = {
  outsideWindow: () => daysAgo(OFFLINE_WINDOW_DAYS + 100),
  expiredOnArrival: () => daysAgo(400),
  expiringSoon: () => expiringIn(EXPIRING_SOON_S),
  spendable: () => daysAgo(3),
  pending: () => new Date().toISOString(),
};

describe('points-ledger: with the expiry job never run, no point is spent after its expiry', () => {
  let world: LedgerWorld;

  beforeAll(async () => {
    world = await startWorld();
    await raiseAdjustmentCaps(world);
    await setPointLimits(world, {
      offlineWindowDays: OFFLINE_WINDOW_DAYS,
      memberTransferDailyPoints: 1_000_000_000,
    });
  });

  afterAll(async () => {
    await world?.close();
  });

  /** Spends tried while the member held points past their expiry, which this spec is about. */
  let spendsBesideExpiredPoints = 0;

  async function passTime(model: ExpiryModel, until: number): Promise<void> {
    await clockPast(new Date(until));
    model.clock = until;
  }

  async function apply(
    op: Operation,
    members: EnrolledMember[],
    model: ExpiryModel,
    purchaseIds: string[],
  ): Promise<void> {
    switch (op.kind) {
      case 'earn': {
        const answer = await ledgerWrite<{
          purchaseId: string;
          points: number;
          expiresAt: string | null;
          pointsExpired: number;
          code: string;
        }>(world, '/v1/purchases', {
          body: {
            cardNumber: members[op.member]!.cardNumber,
            receiptId: `R-${randomUUID()}`,
            amountMinor: op.amountMinor,
            currency: 'EUR',
            occurredAt: OCCURRED_AT[op.age](),
          },
        });
        if (op.age === 'outsideWindow') {
          expect(answer.body.code).toBe('PURCHASE_OUTSIDE_OFFLINE_WINDOW');
          return;
        }
        expect(answer.status).toBe(201);
        const expired = op.age === 'expiredOnArrival';
        expect(answer.body.pointsExpired).toBe(expired ? answer.body.points : 0);
        purchaseIds.push(answer.body.purchaseId);
        model.earn(
          { member: op.member, amountMinor: op.amountMinor, points: answer.body.points },
          op.age === 'pending',
          answer.body.expiresAt ? Date.parse(answer.body.expiresAt) : null,
          expired,
        );
        return;
      }
      case 'redeem': {
        const who = members[op.member]!;
        if (model.expiredHeld(op.member) > 0) spendsBesideExpiredPoints += 1;
        const sentAt = Date.now();
        const answer = await ledgerWrite<{
          drawnFrom: { points: number; expiresAt: string | null }[];
        }>(world, '/v1/redemptions', {
          body: {
            cardNumber: who.cardNumber,
            points: op.points,
            redemptionCode: await insertRedemptionCode(world, who.memberId),
          },
        });
        const draws = model.spend(op.member, op.points);
        expect(answer.status).toBe(draws ? 201 : 422);
        for (const draw of answer.body.drawnFrom ?? []) {
          expect(draw.expiresAt === null || Date.parse(draw.expiresAt) > sentAt).toBe(true);
        }
        return;
      }
      case 'transfer': {
        if (op.from === op.to) return;
        const answer = await ledgerWrite(world, '/v1/transfers', {
          token: world.manager,
          body: {
            fromMemberId: members[op.from]!.memberId,
            toMemberId: members[op.to]!.memberId,
            points: op.points,
            reason: 'property test transfer',
          },
        });
        expect(answer.status).toBe(model.transfer(op.from, op.to, op.points) ? 201 : 422);
        return;
      }
      case 'adjust': {
        const answer = await ledgerWrite(world, '/v1/adjustments', {
          token: world.manager,
          body: {
            memberId: members[op.member]!.memberId,
            points: op.points,
            reason: 'property test adjustment',
          },
        });
        // Added points expire 12 months after now: the same instant a year on.
        const expiresAt = new Date();
        expiresAt.setUTCFullYear(expiresAt.getUTCFullYear() + 1);
        const applied = model.adjust(op.member, op.points, expiresAt.getTime());
        expect(answer.status).toBe(applied ? 201 : 422);
        return;
      }
      case 'refund': {
        if (purchaseIds.length === 0) return;
        const index = op.purchase % purchaseIds.length;
        // Each refund is of the whole purchase, so a second one is more than is left.
        const answer = await ledgerWrite(world, '/v1/refunds', {
          body: {
            purchaseId: purchaseIds[index],
            amountMinor: model.purchases[index]!.amountMinor,
          },
        });
        expect(answer.status).toBe(model.refund(index) ? 201 : 422);
        return;
      }
      case 'passTime': {
        const next = model.nextExpiryWithin(EXPIRING_SOON_S * 1000 + 500);
        if (next !== null) await passTime(model, next);
        return;
      }
    }
  }

  it('matches a model in which points past their expiry are gone, and keeps every invariant', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 6, maxLength: 14 }), async (operations) => {
        const members = await Promise.all(
          Array.from({ length: MEMBERS }, () => enrolMember(world)),
        );
        const model = new ExpiryModel(MEMBERS);
        const purchaseIds: string[] = [];
        const guard = async () => {
          const soon = model.nextExpiryWithin(MARGIN_MS);
          if (soon !== null) await passTime(model, soon);
        };
        // Whatever came before, each run ends by spending beside points that just expired.
        const tail: Operation[] = [
          // Large enough to outlast any debt the run left: the lot still holds points as it expires.
          { kind: 'earn', member: 0, amountMinor: 1_000_000, age: 'expiringSoon' },
          { kind: 'passTime' },
          { kind: 'redeem', member: 0, points: 50 },
        ];
        for (const op of [...operations, ...tail]) {
          await guard();
          await apply(op, members, model, purchaseIds);
          await guard();
          for (const [index, who] of members.entries()) {
            const balance = await memberBalance(world, who.memberId);
            expect({
              member: index,
              available: balance.available,
              pending: balance.pending,
            }).toEqual({
              member: index,
              available: model.available(index),
              pending: model.pending(index),
            });
          }
        }
        expect(await brokenLedgerRules(world)).toEqual([]);
      }),
      { numRuns: 8 },
    );
    expect(spendsBesideExpiredPoints).toBeGreaterThanOrEqual(8);
  }, 120_000);
});
