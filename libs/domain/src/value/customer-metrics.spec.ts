import fc from 'fast-check';
import {
  acquisitionEconomics,
  arpuOf,
  retentionOf,
  shareOf,
  surveyScores,
} from './customer-metrics';

describe('customer-success arithmetic', () => {
  it('prices a channel: CAC, CLV/CAC and the months of margin that pay the CAC back', () => {
    // 10 members for 50.00: a CAC of 5.00; 12 months of 120.00 each: 10.00 a month; at a 25 %
    // margin, 2.50 a month pays back 5.00 in 2 months.
    expect(
      acquisitionEconomics(
        {
          members: 10,
          acquisitionCostMinor: 5_000,
          meanGrossClvMinor: 7_500,
          revenueLast12MonthsMinor: 120_000,
        },
        0.25,
      ),
    ).toEqual({ cacMinor: 500, clvToCac: 15, arpuMonthlyMinor: 1_000, cacPaybackMonths: 2 });
  });

  it('has no CLV/CAC or payback where acquiring cost nothing, nor payback without revenue', () => {
    const organic = { members: 4, acquisitionCostMinor: 0, meanGrossClvMinor: 900 };
    expect(acquisitionEconomics({ ...organic, revenueLast12MonthsMinor: 4_800 }, 0.3)).toEqual({
      cacMinor: 0,
      clvToCac: null,
      arpuMonthlyMinor: 100,
      cacPaybackMonths: null,
    });
    expect(
      acquisitionEconomics(
        { ...organic, acquisitionCostMinor: 400, revenueLast12MonthsMinor: 0 },
        0.3,
      ).cacPaybackMonths,
    ).toBeNull();
    expect(
      acquisitionEconomics({ ...organic, members: 0, revenueLast12MonthsMinor: 0 }, 0.3),
    ).toEqual({ cacMinor: 0, clvToCac: null, arpuMonthlyMinor: 0, cacPaybackMonths: null });
  });

  it('keeps retention and churn complementary shares, and both unknown with nobody before', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), (retained, extra) => {
        const { retentionRate, churnRate } = retentionOf(retained, retained + extra);
        if (retained + extra === 0) return retentionRate === null && churnRate === null;
        return (
          retentionRate !== null &&
          churnRate !== null &&
          retentionRate >= 0 &&
          retentionRate <= 1 &&
          Math.abs(retentionRate + churnRate - 1) < 1e-9
        );
      }),
    );
    expect(retentionOf(3, 4)).toEqual({ retentionRate: 0.75, churnRate: 0.25 });
  });

  it('divides revenue by the average membership of the period', () => {
    expect(arpuOf(30_000, 100, 200)).toBe(200);
    expect(arpuOf(500, 0, 0)).toBeNull();
  });

  it('scores surveys: NPS in points, CSAT as a share, CES as a mean', () => {
    expect(
      surveyScores({
        npsAnswers: 8,
        promoters: 5,
        detractors: 1,
        csatAnswers: 4,
        satisfied: 3,
        cesMean: 2.345,
      }),
    ).toEqual({ nps: 50, csat: 0.75, ces: 2.35 });
    expect(
      surveyScores({
        npsAnswers: 0,
        promoters: 0,
        detractors: 0,
        csatAnswers: 0,
        satisfied: 0,
        cesMean: null,
      }),
    ).toEqual({ nps: null, csat: null, ces: null });
  });

  it('rounds shares to four decimals and never divides by nothing', () => {
    expect(shareOf(1, 3)).toBe(0.3333);
    expect(shareOf(1, 0)).toBeNull();
  });
});
