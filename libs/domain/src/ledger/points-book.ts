import { DomainError, DomainErrorCode } from '../errors/domain-error';

/** A lot as the book sees it while a member's account is locked. */
export interface Lot {
  readonly id: string;
  readonly amount: number;
  remaining: number;
  readonly availableFrom: Date;
  readonly expiresAt: Date | null;
  readonly createdAt: Date;
}

export interface NewLot {
  readonly id: string;
  readonly amount: number;
  readonly availableFrom: Date;
  readonly expiresAt: Date | null;
}

/** How far one lot's remaining points moved in this transaction (never zero). */
export interface LotMovement {
  readonly lotId: string;
  readonly points: number;
}

export interface LotDraw {
  readonly lot: Lot;
  readonly points: number;
}

/** Soonest-expiring first (never-expiring last), then oldest: first-expiring-first-out. */
const byExpiryThenAge = (a: Lot, b: Lot): number =>
  (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity) ||
  a.createdAt.getTime() - b.createdAt.getTime() ||
  a.id.localeCompare(b.id);

/**
 * One member's points while their account is locked: the balance (the sum of their entries) and
 * their open lots. It plans each change as lot movements and keeps the book's invariant — the
 * open lots hold max(balance, 0) points: a negative balance is a debt, and while it lasts the
 * member holds no lots. Credits pay a debt off before they become spendable.
 *
 * A lot whose expiry instant has passed is expired as of `now`, whether or not its expiry was
 * booked yet: it is neither available nor pending and nothing spends it. Takings that may run
 * into debt (`takeBack`, `remove`) need its expiry booked first (`expireDue` in a transaction of
 * its own), so the book refuses them while it holds such a lot.
 */
export class PointsBook {
  private readonly lots = new Map<string, Lot>();
  private readonly movements = new Map<string, number>();
  private readonly created: NewLot[] = [];

  /** `lots` holds the open lots, and any spent ones a reversal gives points back to. */
  constructor(
    private balanceValue: number,
    lots: readonly Lot[],
    private readonly now: Date,
  ) {
    for (const lot of lots) this.lots.set(lot.id, { ...lot });
  }

  get balance(): number {
    return this.balanceValue;
  }

  get available(): number {
    if (this.balanceValue < 0) return this.balanceValue;
    return this.live().reduce((sum, lot) => sum + (this.isPending(lot) ? 0 : lot.remaining), 0);
  }

  get pending(): number {
    return this.live().reduce((sum, lot) => sum + (this.isPending(lot) ? lot.remaining : 0), 0);
  }

  /** Points in lots past their expiry instant whose expiry is not booked yet. */
  get dueToExpire(): number {
    return this.open().reduce((sum, lot) => sum + (this.isExpired(lot) ? lot.remaining : 0), 0);
  }

  /** Credits a new lot; a debt is paid off from it first. */
  credit(lot: NewLot): void {
    if (!(lot.amount > 0)) throw new Error('a credited lot holds a positive amount');
    const state: Lot = { ...lot, remaining: 0, createdAt: this.now };
    this.lots.set(lot.id, state);
    this.created.push(lot);
    this.move(state, lot.amount - this.settleDebt(lot.amount));
    this.balanceValue += lot.amount;
  }

  /** Gives points back to a lot they were drawn from (undoing a spend); a debt is paid first. */
  restore(lotId: string, points: number): void {
    const lot = this.lots.get(lotId);
    if (!lot) throw new Error(`lot ${lotId} is not loaded`);
    if (lot.remaining + points > lot.amount) throw new Error('a lot never holds more than earned');
    this.move(lot, points - this.settleDebt(points));
    this.balanceValue += points;
  }

  /** Spends available points, soonest-expiring first; refused when too few are available. */
  spend(points: number): LotDraw[] {
    if (points > this.available) {
      throw new DomainError(
        DomainErrorCode.InsufficientPoints,
        `${points} points were asked for but ${Math.max(this.available, 0)} are available`,
        'points',
      );
    }
    const draws = this.draw(
      this.live()
        .filter((lot) => !this.isPending(lot))
        .sort(byExpiryThenAge),
      points,
    );
    this.balanceValue -= points;
    return draws;
  }

  /**
   * Takes points back (a refund, a reversal of a credit): from the named lots first, then pending
   * lots, then available ones; what the lots cannot cover becomes a debt — the policy of
   * docs/decisions/0006-points-ledger.md.
   */
  takeBack(points: number, fromLotIds: readonly string[] = []): LotDraw[] {
    this.refuseWhileExpiryUnbooked();
    const preferred = new Set(fromLotIds);
    const order = this.open().sort(
      (a, b) =>
        Number(preferred.has(b.id)) - Number(preferred.has(a.id)) ||
        Number(this.isPending(b)) - Number(this.isPending(a)) ||
        byExpiryThenAge(a, b),
    );
    const draws = this.draw(order, Math.min(points, Math.max(this.balanceValue, 0)));
    this.balanceValue -= points;
    return draws;
  }

  /** Removes points that may not exceed what the member holds (a negative adjustment). */
  remove(points: number): LotDraw[] {
    this.refuseWhileExpiryUnbooked();
    const held = Math.max(this.balanceValue, 0);
    if (points > held) {
      throw new DomainError(
        DomainErrorCode.InsufficientPoints,
        `${points} points cannot be removed from a balance of ${held}`,
        'points',
      );
    }
    return this.takeBack(points);
  }

  /** Expires what is left of the lots due by now. */
  expireDue(): LotDraw[] {
    const due = this.open().filter((lot) => this.isExpired(lot));
    const draws = this.draw(due.sort(byExpiryThenAge), Infinity);
    this.balanceValue -= draws.reduce((sum, draw) => sum + draw.points, 0);
    return draws;
  }

  newLots(): readonly NewLot[] {
    return this.created;
  }

  /**
   * The lots credited and the lot movements planned since the last call, in the member's account,
   * ready to post with one journal transaction; the book then starts the next one afresh (an
   * expiry booked before the write it makes room for is a transaction of its own).
   */
  takePosting(accountId: string): {
    newLots: (NewLot & { readonly accountId: string })[];
    lotMovements: LotMovement[];
  } {
    const posting = {
      newLots: this.created.map((lot) => ({ ...lot, accountId })),
      lotMovements: this.lotMovements(),
    };
    this.created.length = 0;
    this.movements.clear();
    return posting;
  }

  lotMovements(): LotMovement[] {
    return [...this.movements]
      .filter(([, points]) => points !== 0)
      .map(([lotId, points]) => ({ lotId, points }));
  }

  openLots(): readonly Lot[] {
    return this.open();
  }

  private isPending(lot: Lot): boolean {
    return lot.availableFrom.getTime() > this.now.getTime();
  }

  private isExpired(lot: Lot): boolean {
    return lot.expiresAt !== null && lot.expiresAt.getTime() <= this.now.getTime();
  }

  private open(): Lot[] {
    return [...this.lots.values()].filter((lot) => lot.remaining > 0);
  }

  /** Open lots not yet expired: what the member can still spend or will once pending ends. */
  private live(): Lot[] {
    return this.open().filter((lot) => !this.isExpired(lot));
  }

  private refuseWhileExpiryUnbooked(): void {
    if (this.dueToExpire > 0) {
      throw new Error('book the expiry of due lots before taking points back');
    }
  }

  private settleDebt(incoming: number): number {
    return this.balanceValue < 0 ? Math.min(-this.balanceValue, incoming) : 0;
  }

  private draw(ordered: readonly Lot[], wanted: number): LotDraw[] {
    const draws: LotDraw[] = [];
    let left = wanted;
    for (const lot of ordered) {
      if (left <= 0) break;
      const points = Math.min(lot.remaining, left);
      if (points <= 0) continue;
      this.move(lot, -points);
      draws.push({ lot, points });
      left -= points;
    }
    return draws;
  }

  private move(lot: Lot, points: number): void {
    if (points === 0) return;
    lot.remaining += points;
    this.movements.set(lot.id, (this.movements.get(lot.id) ?? 0) + points);
  }
}
