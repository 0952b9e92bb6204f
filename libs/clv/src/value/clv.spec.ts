import { cdnowSummaries } from '../cdnow.fixtures';
import { bgNbdConditionalExpectedPurchases, fitBgNbd } from '../models/bg-nbd';
import { fitGammaGamma, gammaGammaExpectedValue } from '../models/gamma-gamma';
import { compress } from '../summary/summary';
import { discountedClv, monthlyDiscountRate, simpleClv } from './clv';

describe('customer lifetime value', () => {
  const customers = cdnowSummaries();
  const bg = fitBgNbd(compress(customers)).parameters;
  const gg = fitGammaGamma(customers).parameters;
  // lifetimes' Quickstart: 12 months at 1% a month, value = Gamma-Gamma mean, no margin.
  const quickstart = { horizonMonths: 12, annualDiscountRate: 1.01 ** 12 - 1, margin: 1 };
  const clvOf = (index: number, timeUnit: 'day' | 'week') => {
    const { frequency: x, recency: tx, T, monetary } = customers[index]!;
    return discountedClv(
      (t) => bgNbdConditionalExpectedPurchases(bg, t, x, tx, T),
      gammaGammaExpectedValue(gg, x, monetary),
      { ...quickstart, timeUnit },
    );
  };

  it('reproduces lifetimes’ CLV for the first ten CDNOW customers with weekly months', () => {
    const expected = [
      36.2785, 4.6375, 8.3441, 8.3441, 8.3441, 283.5236, 6.8814, 8.3441, 43.3536, 8.3441,
    ];
    expected.forEach((value, i) => expect(Math.abs(clvOf(i, 'week') - value)).toBeLessThan(5e-3));
  });

  it('reproduces the Quickstart’s own figures when a "month" is 30 model units', () => {
    // lifetimes#180: the Quickstart passes weekly data with freq "D", so each month is 30 weeks.
    const expected = [140.096211, 18.943467, 38.180574, 38.180574, 38.180574, 1003.868107];
    expected.forEach((value, i) => expect(Math.abs(clvOf(i, 'day') - value)).toBeLessThan(2e-2));
  });

  it('subtracts the cost to serve per purchase and the acquisition cost, and applies the margin', () => {
    const flat = (t: number) => t / 4.345; // one purchase a month
    const clv = discountedClv(flat, 50, {
      horizonMonths: 12,
      annualDiscountRate: 0,
      margin: 0.3,
      costToServePerPurchase: 5,
      acquisitionCost: 20,
      timeUnit: 'week',
    });
    expect(clv).toBeCloseTo(12 * (0.3 * 50 - 5) - 20, 9);
  });

  it('discounts monthly at the equivalent of the annual rate', () => {
    expect((1 + monthlyDiscountRate(0.1)) ** 12).toBeCloseTo(1.1, 12);
  });

  it('has the simple form for members with little history', () => {
    expect(
      simpleClv({
        purchasesPerMonth: 2,
        averagePurchaseValue: 30,
        expectedLifetimeMonths: 24,
        margin: 0.25,
      }),
    ).toBe(360);
  });
});
