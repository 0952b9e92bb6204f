/**
 * The customer-success arithmetic marketing reads (docs/value-scoring.md, "Insights"): pure
 * functions over the counts and sums the database aggregates, so that each definition has one
 * home and its own tests.
 */

/** A share to four decimals, or null when there is nothing to share: a rate, not a float's noise. */
export const shareOf = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;

export interface AcquisitionFigures {
  readonly members: number;
  readonly acquisitionCostMinor: number;
  /** Mean CLV before the acquisition cost is taken off. */
  readonly meanGrossClvMinor: number;
  readonly revenueLast12MonthsMinor: number;
}

export interface AcquisitionEconomics {
  /** What acquiring one member cost, on average. */
  readonly cacMinor: number;
  /** Mean gross CLV over CAC, to two decimals; null when acquiring cost nothing. */
  readonly clvToCac: number | null;
  /** Revenue per member and month over the last 12 months. */
  readonly arpuMonthlyMinor: number;
  /** Months of margin on that revenue that pay back the CAC, to one decimal. */
  readonly cacPaybackMonths: number | null;
}

/** CAC, CLV/CAC and CAC payback of one acquisition channel, at the policy's margin. */
export function acquisitionEconomics(
  figures: AcquisitionFigures,
  margin: number,
): AcquisitionEconomics {
  const { members } = figures;
  const cac = members > 0 ? figures.acquisitionCostMinor / members : 0;
  const arpuMonthly = members > 0 ? figures.revenueLast12MonthsMinor / members / 12 : 0;
  return {
    cacMinor: Math.round(cac),
    clvToCac: cac > 0 ? Math.round((figures.meanGrossClvMinor / cac) * 100) / 100 : null,
    arpuMonthlyMinor: Math.round(arpuMonthly),
    cacPaybackMonths:
      cac > 0 && arpuMonthly > 0 && margin > 0
        ? Math.round((cac / (arpuMonthly * margin)) * 10) / 10
        : null,
  };
}

/**
 * Retention of a period: the share of the members active in the period before who are active in
 * this one; churn is its complement. Both null when nobody was active before.
 */
export function retentionOf(
  retained: number,
  activeAtStart: number,
): { readonly retentionRate: number | null; readonly churnRate: number | null } {
  const retentionRate = shareOf(retained, activeAtStart);
  return {
    retentionRate,
    churnRate: retentionRate === null ? null : Math.round((1 - retentionRate) * 10_000) / 10_000,
  };
}

/** Revenue per member over a period: revenue over the average of the members at its ends. */
export function arpuOf(
  revenueMinor: number,
  membersAtStart: number,
  membersAtEnd: number,
): number | null {
  const average = (membersAtStart + membersAtEnd) / 2;
  return average > 0 ? Math.round(revenueMinor / average) : null;
}

export interface SurveyCounts {
  readonly npsAnswers: number;
  readonly promoters: number;
  readonly detractors: number;
  readonly csatAnswers: number;
  readonly satisfied: number;
  readonly cesMean: number | null;
}

/**
 * NPS = % promoters (9–10) − % detractors (0–6), to one decimal; CSAT = the share of 4–5
 * answers; CES = the mean effort (1–7, lower is better), to two decimals. Null without answers.
 */
export function surveyScores(counts: SurveyCounts): {
  readonly nps: number | null;
  readonly csat: number | null;
  readonly ces: number | null;
} {
  return {
    nps:
      counts.npsAnswers > 0
        ? Math.round(((counts.promoters - counts.detractors) / counts.npsAnswers) * 1000) / 10
        : null,
    csat: shareOf(counts.satisfied, counts.csatAnswers),
    ces: counts.cesMean === null ? null : Math.round(counts.cesMean * 100) / 100,
  };
}
