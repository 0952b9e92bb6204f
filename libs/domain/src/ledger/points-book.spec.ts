import fc from 'fast-check';
import { DomainError } from '../errors/domain-error';
import { type Lot, PointsBook } from './points-book';

const NOW = new Date('2026-06-01T00:00:00Z');
const day = (offset: number) => new Date(NOW.getTime() + offset * 86_400_000);
const lot = (
  id: string,
  remaining: number,
  options: { pendingDays?: number; expiresIn?: number | null } = {},
): Lot => ({
  id,
  amount: remaining,
  remaining,
  availableFrom: day(options.pendingDays ?? -1),
  expiresAt: options.expiresIn === null ? null : day(options.expiresIn ?? 100),
  createdAt: day(-10),
});

/** A write's book, as the ledger opens it: lots already past their expiry are expired first. */
function openBook(balance: number, lots: readonly Lot[], now: Date): PointsBook {
  const book = new PointsBook(balance, lots, now);
  if (book.dueToExpire === 0) return book;
  book.expireDue();
  return new PointsBook(book.balance, book.openLots(), now);
}

describe('PointsBook', () => {
  it('spends soonest-expiring available lots first and never pending ones', () => {
    const book = new PointsBook(
      60,
      [
        lot('late', 20, { expiresIn: 300 }),
        lot('never', 10, { expiresIn: null }),
        lot('soon', 20, { expiresIn: 10 }),
        lot('pending', 10, { pendingDays: 5 }),
      ],
      NOW,
    );
    expect(book.available).toBe(50);
    expect(book.pending).toBe(10);
    const draws = book.spend(45);
    expect(draws.map((draw) => [draw.lot.id, draw.points])).toEqual([
      ['soon', 20],
      ['late', 20],
      ['never', 5],
    ]);
    expect(() => book.spend(6)).toThrow(DomainError);
  });

  it('takes back from the named lot, then pending, then available, then leaves a debt', () => {
    const book = new PointsBook(
      30,
      [lot('own', 5), lot('pending', 10, { pendingDays: 3 }), lot('other', 15)],
      NOW,
    );
    const draws = book.takeBack(40, ['own']);
    expect(draws.map((draw) => draw.lot.id)).toEqual(['own', 'pending', 'other']);
    expect(book.balance).toBe(-10);
    expect(book.available).toBe(-10);
  });

  it('pays a debt off from the next credit before it becomes spendable', () => {
    const book = new PointsBook(-10, [], NOW);
    book.credit({ id: 'new', amount: 25, availableFrom: day(-1), expiresAt: null });
    expect(book.balance).toBe(15);
    expect(book.available).toBe(15);
    expect(book.lotMovements()).toEqual([{ lotId: 'new', points: 15 }]);
  });

  it('keeps its invariant under any sequence: open lots hold max(balance, 0)', () => {
    const operation = fc.oneof(
      fc.record({
        kind: fc.constant('credit' as const),
        points: fc.integer({ min: 1, max: 500 }),
        pending: fc.boolean(),
        expiresIn: fc.integer({ min: -5, max: 400 }),
      }),
      fc.record({ kind: fc.constant('spend' as const), points: fc.integer({ min: 1, max: 500 }) }),
      fc.record({
        kind: fc.constant('takeBack' as const),
        points: fc.integer({ min: 1, max: 500 }),
      }),
      fc.record({ kind: fc.constant('remove' as const), points: fc.integer({ min: 1, max: 500 }) }),
      fc.constant({ kind: 'expire' as const }),
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), (operations) => {
        let balance = 0;
        let lots: Lot[] = [];
        operations.forEach((op, index) => {
          const book = openBook(balance, lots, NOW);
          try {
            if (op.kind === 'credit') {
              book.credit({
                id: `lot-${index}`,
                amount: op.points,
                availableFrom: day(op.pending ? 3 : -1),
                expiresAt: day(op.expiresIn),
              });
            } else if (op.kind === 'spend') book.spend(op.points);
            else if (op.kind === 'takeBack') book.takeBack(op.points);
            else if (op.kind === 'remove') book.remove(op.points);
            else book.expireDue();
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            return;
          }
          const held = book.openLots().reduce((sum, open) => sum + open.remaining, 0);
          expect(held).toBe(Math.max(book.balance, 0));
          expect(book.available).toBeLessThanOrEqual(Math.max(book.balance, 0));
          balance = book.balance;
          lots = [...book.openLots()].map((open) => ({ ...open }));
        });
      }),
    );
  });

  it('counts a lot past its expiry as neither available nor pending, and never spends it', () => {
    const book = new PointsBook(50, [lot('expired', 30, { expiresIn: -1 }), lot('live', 20)], NOW);
    expect(book.available).toBe(20);
    expect(book.dueToExpire).toBe(30);
    expect(() => book.spend(21)).toThrow(DomainError);
    expect(book.spend(20).map((draw) => draw.lot.id)).toEqual(['live']);
    expect(() => book.takeBack(1)).toThrow(/book the expiry/);
  });

  it('property: with the expiry job never run, no sequence spends a point after its expiry', () => {
    const operation = fc.oneof(
      fc.record({
        kind: fc.constant('credit' as const),
        points: fc.integer({ min: 1, max: 300 }),
        pendingHours: fc.integer({ min: 0, max: 48 }),
        expiresInHours: fc.option(fc.integer({ min: -24, max: 240 }), { nil: null }),
      }),
      fc.record({ kind: fc.constant('spend' as const), points: fc.integer({ min: 1, max: 400 }) }),
      fc.record({
        kind: fc.constant('transferOut' as const),
        points: fc.integer({ min: 1, max: 400 }),
      }),
      fc.record({
        kind: fc.constant('takeBack' as const),
        points: fc.integer({ min: 1, max: 400 }),
      }),
      fc.record({ kind: fc.constant('remove' as const), points: fc.integer({ min: 1, max: 400 }) }),
      fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 72 }) }),
    );
    const hour = 3_600_000;
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 50 }), (operations) => {
        let now = NOW;
        let balance = 0;
        let lots: Lot[] = [];
        const expiryOf = new Map<string, Date | null>();
        operations.forEach((op, index) => {
          if (op.kind === 'wait') {
            now = new Date(now.getTime() + op.hours * hour);
            return;
          }
          // Reads and spends see the lots as they are; takings go through the write's book.
          const book =
            op.kind === 'takeBack' || op.kind === 'remove'
              ? openBook(balance, lots, now)
              : new PointsBook(balance, lots, now);
          const expiredHeld = book
            .openLots()
            .filter((open) => open.expiresAt !== null && open.expiresAt.getTime() <= now.getTime())
            .reduce((sum, open) => sum + open.remaining, 0);
          expect(book.available + book.pending).toBeLessThanOrEqual(
            Math.max(book.balance - expiredHeld, 0),
          );
          try {
            if (op.kind === 'credit') {
              const expiresAt =
                op.expiresInHours === null
                  ? null
                  : new Date(now.getTime() + op.expiresInHours * hour);
              // A credit already past its expiry is booked straight to expired by the ledger.
              if (expiresAt && expiresAt.getTime() <= now.getTime()) return;
              book.credit({
                id: `lot-${index}`,
                amount: op.points,
                availableFrom: new Date(now.getTime() + op.pendingHours * hour),
                expiresAt,
              });
              expiryOf.set(`lot-${index}`, expiresAt);
            } else if (op.kind === 'spend' || op.kind === 'transferOut') {
              for (const draw of book.spend(op.points)) {
                const expiresAt = expiryOf.get(draw.lot.id) ?? null;
                expect(expiresAt === null || expiresAt.getTime() > now.getTime()).toBe(true);
              }
            } else if (op.kind === 'takeBack') book.takeBack(op.points);
            else book.remove(op.points);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            return;
          }
          const held = book.openLots().reduce((sum, open) => sum + open.remaining, 0);
          expect(held).toBe(Math.max(book.balance, 0));
          balance = book.balance;
          lots = [...book.openLots()].map((open) => ({ ...open }));
        });
      }),
      { numRuns: 500 },
    );
  });
});
