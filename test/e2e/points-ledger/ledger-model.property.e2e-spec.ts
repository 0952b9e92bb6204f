import { ExpirePointsUseCase } from '@loyalty/ledger';
import {
  brokenLedgerRules,
  daysAgo,
  raiseAdjustmentCaps,
  enrolMember,
  insertRedemptionCode,
  type EnrolledMember,
  type LedgerWorld,
  ledgerWrite,
  memberBalance,
  purchaseOf,
} from '@loyalty/testing';
import fc from 'fast-check';
import { startWorld } from './ledger-world';

/**
 * The ledger against a model of it written from the rules in plain terms, not from its code:
 * random sequences of earn, redeem, refund, expire, transfer and adjust, applied over HTTP to the
 * real database and to the model, must agree on every member's available and pending points after
 * every step, and leave every ledger invariant intact.
 */

type Age = 'expired' | 'spendable' | 'pending';
const AGE_DAYS: Record<Age, number> = { expired: 400, spendable: 40, pending: 0 };
/** Which lots expire first: older earnings, then newer, then adjustments made now. */
const EXPIRY_CLASS: Record<Age | 'adjusted', number> = {
  expired: 0,
  spendable: 1,
  pending: 2,
  adjusted: 3,
};

interface ModelLot {
  remaining: number;
  pending: boolean;
  due: boolean;
  /** Ascending: the order lots expire in (class, then when their points were first earned). */
  expiryKey: readonly [number, number];
  created: number;
}

interface ModelMember {
  lots: ModelLot[];
  debt: number;
}

interface ModelPurchase {
  member: number;
  amountMinor: number;
  points: number;
  refundedMinor: number;
  pointsRefunded: number;
  lot: ModelLot | null;
}

class LedgerModel {
  private sequence = 0;
  readonly members: ModelMember[];
  readonly purchases: ModelPurchase[] = [];

  constructor(memberCount: number) {
    this.members = Array.from({ length: memberCount }, () => ({ lots: [], debt: 0 }));
  }

  available(member: number): number {
    const { lots, debt } = this.members[member]!;
    if (debt > 0) return -debt;
    return lots.filter((lot) => !lot.pending).reduce((sum, lot) => sum + lot.remaining, 0);
  }

  pending(member: number): number {
    return this.members[member]!.lots.filter((lot) => lot.pending).reduce(
      (s, l) => s + l.remaining,
      0,
    );
  }

  earn(member: number, amountMinor: number, age: Age): void {
    const points = Math.floor(amountMinor / 100);
    const expiryKey = [EXPIRY_CLASS[age], this.sequence] as const;
    // Points already past their expiry when recorded are expired at once and pay no debt.
    const lot =
      points <= 0
        ? null
        : age === 'expired'
          ? this.expiredOnArrival(member, expiryKey)
          : this.credit(member, points, age === 'pending', false, expiryKey);
    this.purchases.push({ member, amountMinor, points, refundedMinor: 0, pointsRefunded: 0, lot });
  }

  /** True when the redemption goes through. */
  redeem(member: number, points: number): boolean {
    if (points > this.available(member)) return false;
    this.draw(this.byExpiry(this.members[member]!.lots.filter((lot) => !lot.pending)), points);
    return true;
  }

  refund(purchaseIndex: number, fraction: number): number | null {
    const purchase = this.purchases[purchaseIndex]!;
    const amountMinor = Math.max(
      1,
      Math.floor((purchase.amountMinor - purchase.refundedMinor) * fraction),
    );
    if (purchase.refundedMinor + amountMinor > purchase.amountMinor) return null;
    purchase.refundedMinor += amountMinor;
    const owed = Math.floor(
      (purchase.points * purchase.refundedMinor * 2 + purchase.amountMinor) /
        (2 * purchase.amountMinor),
    );
    const points = owed - purchase.pointsRefunded;
    purchase.pointsRefunded = owed;
    this.takeBack(purchase.member, points, purchase.lot);
    return amountMinor;
  }

  expire(): void {
    for (const member of this.members) {
      for (const lot of member.lots) if (lot.due) lot.remaining = 0;
    }
  }

  private expiredOnArrival(member: number, expiryKey: readonly [number, number]): ModelLot {
    const lot = {
      remaining: 0,
      pending: false,
      due: true,
      expiryKey,
      created: (this.sequence += 1),
    };
    this.members[member]!.lots.push(lot);
    return lot;
  }

  transfer(from: number, to: number, points: number): boolean {
    if (points > this.available(from)) return false;
    const draws = this.draw(
      this.byExpiry(this.members[from]!.lots.filter((lot) => !lot.pending)),
      points,
    );
    for (const { lot, points: drawn } of draws)
      this.credit(to, drawn, false, lot.due, lot.expiryKey);
    return true;
  }

  adjust(member: number, points: number): boolean {
    if (points > 0) {
      this.credit(member, points, false, false, [EXPIRY_CLASS.adjusted, this.sequence]);
      return true;
    }
    const held = this.members[member]!.lots.reduce((sum, lot) => sum + lot.remaining, 0);
    if (-points > held) return false;
    this.takeBack(member, -points, null);
    return true;
  }

  private credit(
    member: number,
    points: number,
    pending: boolean,
    due: boolean,
    expiryKey: readonly [number, number],
  ): ModelLot {
    const state = this.members[member]!;
    const paid = Math.min(state.debt, points);
    state.debt -= paid;
    const lot = {
      remaining: points - paid,
      pending,
      due,
      expiryKey,
      created: (this.sequence += 1),
    };
    state.lots.push(lot);
    return lot;
  }

  /** Refunds and negative adjustments: the purchase's own lot, pending lots, the rest; then debt. */
  private takeBack(member: number, points: number, own: ModelLot | null): void {
    const state = this.members[member]!;
    const others = state.lots.filter((lot) => lot !== own);
    const order = [
      ...(own ? [own] : []),
      ...this.byExpiry(others.filter((lot) => lot.pending)),
      ...this.byExpiry(others.filter((lot) => !lot.pending)),
    ];
    const drawn = this.draw(order, points).reduce((sum, draw) => sum + draw.points, 0);
    state.debt += points - drawn;
  }

  private byExpiry(lots: ModelLot[]): ModelLot[] {
    return [...lots].sort(
      (a, b) =>
        a.expiryKey[0] - b.expiryKey[0] || a.expiryKey[1] - b.expiryKey[1] || a.created - b.created,
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
  | { kind: 'refund'; purchase: number; fraction: number }
  | { kind: 'expire' }
  | { kind: 'transfer'; from: number; to: number; points: number }
  | { kind: 'adjust'; member: number; points: number };

const MEMBERS = 2;
const member = fc.integer({ min: 0, max: MEMBERS - 1 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('earn' as const),
      member,
      amountMinor: fc.integer({ min: 1, max: 50_000 }),
      age: fc.constantFrom<Age>('expired', 'spendable', 'pending'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('redeem' as const),
      member,
      points: fc.integer({ min: 1, max: 400 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      purchase: fc.nat(),
      fraction: fc.constantFrom(0.25, 0.5, 1, 1.5),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'expire' as const }) },
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
      points: fc.integer({ min: -200, max: 200 }).filter((p) => p !== 0),
    }),
  },
);

describe('points-ledger: random sequences against a model of the rules', () => {
  let world: LedgerWorld;

  beforeAll(async () => {
    world = await startWorld();
    await raiseAdjustmentCaps(world);
  });

  afterAll(async () => {
    await world?.close();
  });

  async function apply(
    op: Operation,
    members: EnrolledMember[],
    model: LedgerModel,
    purchaseIds: string[],
  ): Promise<void> {
    switch (op.kind) {
      case 'earn': {
        const body = purchaseOf(members[op.member]!, op.amountMinor, {
          occurredAt: daysAgo(AGE_DAYS[op.age]),
        });
        const answer = await ledgerWrite<{ purchaseId: string }>(world, '/v1/purchases', { body });
        expect(answer.status).toBe(201);
        purchaseIds.push(answer.body.purchaseId);
        model.earn(op.member, op.amountMinor, op.age);
        return;
      }
      case 'redeem': {
        const who = members[op.member]!;
        const answer = await ledgerWrite(world, '/v1/redemptions', {
          body: {
            cardNumber: who.cardNumber,
            points: op.points,
            redemptionCode: await insertRedemptionCode(world, who.memberId),
          },
        });
        expect(answer.status).toBe(model.redeem(op.member, op.points) ? 201 : 422);
        return;
      }
      case 'refund': {
        if (purchaseIds.length === 0) return;
        const index = op.purchase % purchaseIds.length;
        const left = model.purchases[index]!.amountMinor - model.purchases[index]!.refundedMinor;
        if (left === 0) return;
        const amountMinor = model.refund(index, op.fraction);
        const answer = await ledgerWrite(world, '/v1/refunds', {
          body: { purchaseId: purchaseIds[index], amountMinor: amountMinor ?? left + 1 },
        });
        expect(answer.status).toBe(amountMinor === null ? 422 : 201);
        return;
      }
      case 'expire':
        await world.ledger.app
          .get(ExpirePointsUseCase)
          .execute(new Date(), world.program.programId);
        model.expire();
        return;
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
        expect(answer.status).toBe(model.adjust(op.member, op.points) ? 201 : 422);
        return;
      }
    }
  }

  it('keeps every invariant and matches the model after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 30 }), async (operations) => {
        const members = await Promise.all(
          Array.from({ length: MEMBERS }, () => enrolMember(world)),
        );
        const model = new LedgerModel(MEMBERS);
        const purchaseIds: string[] = [];
        for (const op of operations) {
          await apply(op, members, model, purchaseIds);
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
        const broken = await brokenLedgerRules(world);
        expect(broken).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
