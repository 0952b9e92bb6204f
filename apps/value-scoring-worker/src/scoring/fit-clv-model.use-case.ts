import {
  type BgNbdParameters,
  bgNbdConditionalExpectedPurchases,
  compress,
  fitBgNbd,
  fitGammaGamma,
  type GammaGammaFit,
} from '@loyalty/clv';
import {
  ClvHistoryRepository,
  type ClvModelRecord,
  type MemberPurchaseSummary,
  ProgramRepository,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';

const DAY_MS = 86_400_000;
/** Fewer members with a purchase history than this give parameters nobody should trust. */
export const MIN_MEMBERS_TO_FIT = 30;
const MIN_SPAN_DAYS = 28;
/**
 * A candidate is refused when its holdout error exceeds the current model's by half again plus
 * five points: noise between fits is expected, a model that forecasts much worse is not.
 */
const WORSE_FACTOR = 1.5;
/**
 * A light L2 penalty (lifetimes' penalizer_coef) on the parameters, in the engine's scaled
 * units. Where the data shows no heterogeneity (a young program, regular buyers) the
 * likelihood is flat towards infinite a and b (or q and γ), BFGS stalls and Nelder–Mead crawls
 * for minutes; the penalty keeps the optimum finite at a cost far below the fit's noise (on
 * CDNOW it moves no parameter in its fourth digit).
 */
export const FIT_PENALTY = 1e-6;
const WORSE_MARGIN = 0.05;

export interface FitOutcome {
  readonly programId: string;
  readonly version: number;
  readonly status: 'promoted' | 'rejected';
  readonly reason: string | null;
}

interface Scored {
  readonly frequency: number;
  readonly recency: number;
  readonly T: number;
}

const withHistory = (summaries: readonly MemberPurchaseSummary[]): Scored[] =>
  summaries.flatMap((s) =>
    s.ageDays !== null && s.ageDays > 0
      ? [{ frequency: s.frequency, recency: s.recencyDays, T: s.ageDays }]
      : [],
  );

const finite = (parameters: Record<string, number>) =>
  Object.values(parameters).every((value) => Number.isFinite(value) && value > 0);

/** Why a fit may not be promoted, or null when it may. */
export function promotionRefusal(fit: {
  readonly converged: boolean;
  readonly parametersValid: boolean;
  readonly holdoutError: number;
  readonly currentHoldoutError: number | null;
}): string | null {
  if (!fit.converged) return 'the likelihood maximisation did not converge';
  if (!fit.parametersValid) return 'the fit gave parameters that are not finite and positive';
  const current = fit.currentHoldoutError;
  if (current !== null && fit.holdoutError > current * WORSE_FACTOR + WORSE_MARGIN) {
    return `holdout error ${(fit.holdoutError * 100).toFixed(1)}% against the current model's ${(
      current * 100
    ).toFixed(1)}%`;
  }
  return null;
}

/** |predicted − actual| / actual of the purchase days in the holdout. */
function holdoutError(
  parameters: BgNbdParameters,
  calibration: readonly (Scored & { readonly memberId: string })[],
  actual: ReadonlyMap<string, number>,
  holdoutDays: number,
) {
  let predicted = 0;
  let observed = 0;
  for (const member of calibration) {
    predicted += bgNbdConditionalExpectedPurchases(
      parameters,
      holdoutDays,
      member.frequency,
      member.recency,
      member.T,
    );
    observed += actual.get(member.memberId) ?? 0;
  }
  return {
    predicted,
    actual: observed,
    error: Math.abs(predicted - observed) / Math.max(observed, 1),
  };
}

/**
 * Fits the CLV models on a program's purchases and decides whether scoring may use them. The
 * data up to a holdout (the last quarter of the history, 7 to 90 days) checks the forecast; the
 * whole history gives the parameters. Not promoted: a fit that does not converge, too little
 * data, or a holdout forecast much worse than the current model's. Every fit is recorded.
 */
@Injectable()
export class FitClvModelUseCase {
  constructor(
    private readonly history: ClvHistoryRepository,
    private readonly programs: ProgramRepository,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(FitClvModelUseCase.name);
  }

  async execute(programId: string, now: Date = new Date()): Promise<FitOutcome | null> {
    const program = await this.programs.findById(programId);
    const first = await this.history.firstPurchaseAt(programId);
    if (!program || !first) return null;
    const started = performance.now();
    const spanDays = Math.floor((now.getTime() - first.getTime()) / DAY_MS);
    const holdoutDays = Math.min(90, Math.max(7, Math.floor(spanDays / 4)));
    const calibrationEnd = new Date(now.getTime() - holdoutDays * DAY_MS);
    const full = await this.history.summaries(programId, now, program.timezone, null);
    const fullHistory = withHistory(full);
    const base = {
      id: randomUUID(),
      programId,
      dataFrom: first,
      calibrationEnd,
      observationEnd: now,
      members: fullHistory.length,
    };
    const reject = async (reason: string, details: Partial<ClvModelRecord> = {}) =>
      this.record({
        ...base,
        status: 'rejected',
        reason,
        purchaseModel: {},
        spendModel: null,
        holdout: {},
        fitSeconds: (performance.now() - started) / 1000,
        ...details,
      });
    if (spanDays < MIN_SPAN_DAYS)
      return reject(`${spanDays} days of purchases; ${MIN_SPAN_DAYS} needed`);
    if (fullHistory.length < MIN_MEMBERS_TO_FIT) {
      return reject(`${fullHistory.length} members with purchases; ${MIN_MEMBERS_TO_FIT} needed`);
    }

    const calibrationSummaries = await this.history.summaries(
      programId,
      calibrationEnd,
      program.timezone,
      null,
    );
    const calibration = calibrationSummaries.flatMap((s) =>
      s.ageDays !== null && s.ageDays > 0
        ? [{ memberId: s.memberId, frequency: s.frequency, recency: s.recencyDays, T: s.ageDays }]
        : [],
    );
    const actual = await this.history.purchaseDaysBetween(
      programId,
      calibrationEnd,
      now,
      program.timezone,
    );
    const calibrationFit = fitBgNbd(compress(calibration), { penalty: FIT_PENALTY });
    const fit = fitBgNbd(compress(fullHistory), { penalty: FIT_PENALTY });
    let spend: GammaGammaFit | null = null;
    try {
      const fitted = fitGammaGamma(
        full.map((s) => ({ frequency: s.frequency, monetary: s.monetaryMinor })),
        { penalty: FIT_PENALTY },
      );
      // Without a converged spend model, each member's own mean value serves.
      spend = fitted.converged ? fitted : null;
      if (!fitted.converged) this.logger.warn({ programId }, 'the spend model did not converge');
    } catch (error) {
      this.logger.warn({ programId, err: error }, 'no spend model: values are member means');
    }
    const candidate = holdoutError(calibrationFit.parameters, calibration, actual, holdoutDays);
    const current = await this.history.promotedModel(programId);
    const currentHoldout =
      current && current.purchaseModel.parameters
        ? holdoutError(
            current.purchaseModel.parameters as BgNbdParameters,
            calibration,
            actual,
            holdoutDays,
          )
        : null;
    const details = {
      purchaseModel: { ...fit, calibration: calibrationFit },
      spendModel: spend ? { ...spend } : null,
      holdout: {
        holdoutDays,
        members: calibration.length,
        candidate,
        current: currentHoldout && current ? { version: current.version, ...currentHoldout } : null,
      },
    };
    const refusal = promotionRefusal({
      converged: fit.converged && calibrationFit.converged,
      parametersValid: finite({ ...fit.parameters }) && (!spend || finite({ ...spend.parameters })),
      holdoutError: candidate.error,
      currentHoldoutError: currentHoldout?.error ?? null,
    });
    if (refusal) return reject(refusal, details);
    return this.record({
      ...base,
      status: 'promoted',
      reason: null,
      ...details,
      fitSeconds: (performance.now() - started) / 1000,
    });
  }

  private async record(model: Omit<ClvModelRecord, 'version' | 'fittedAt'>): Promise<FitOutcome> {
    const saved = await this.history.saveModel(model);
    this.logger.info(
      {
        programId: saved.programId,
        version: saved.version,
        status: saved.status,
        reason: saved.reason,
      },
      'CLV model fitted',
    );
    return {
      programId: saved.programId,
      version: saved.version,
      status: saved.status,
      reason: saved.reason,
    };
  }
}
