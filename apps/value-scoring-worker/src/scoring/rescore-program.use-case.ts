import type { TierCutoffs } from '@loyalty/domain';
import type { RescoreProgramPayload, RescoreProgramResult } from '@loyalty/messaging';
import {
  ClvHistoryRepository,
  ValuePolicyRepository,
  ValueScoringRepository,
  RescoreRequestRepository,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { PayRewardsUseCase } from './pay-rewards.use-case';
import { ScoreMembersUseCase } from './score-members.use-case';

export const RESCORE_PAGE_SIZE = 1000;

type Phase = 'scores' | 'tiers';
type Progress = RescoreProgramPayload & {
  phase?: Phase;
  tierChanges?: number;
  rewardsPaid?: number;
};

/**
 * Rescores every member of a program a page at a time (one summary query and one write per
 * page). With percentile tiers it runs in two passes — scores first, then the cutoffs of the new
 * distribution, then the tier decisions — so nobody is ranked against yesterday's numbers; with
 * CLV thresholds one pass does both. After each page the job records its phase and cursor, so a
 * run killed midway resumes at the next page; rewards are owed and paid once whatever re-runs.
 */
@Injectable()
export class RescoreProgramUseCase {
  constructor(
    private readonly scoring: ValueScoringRepository,
    private readonly history: ClvHistoryRepository,
    private readonly policies: ValuePolicyRepository,
    private readonly scoreMembers: ScoreMembersUseCase,
    private readonly payRewards: PayRewardsUseCase,
    private readonly requests: RescoreRequestRepository,
  ) {}

  async execute(
    payload: Progress,
    job: Pick<Job, 'updateData' | 'updateProgress'> | null,
  ): Promise<RescoreProgramResult> {
    const now = new Date();
    const { programId } = payload;
    const policyVersion = await this.policies.inForceAt(programId, now);
    if (!policyVersion) return { scored: 0, tierChanges: 0, rewardsPaid: 0 };
    const percentile = policyVersion.policy.tierBasis === 'percentile';
    let progress: Required<Omit<Progress, 'requestedBy' | 'programId' | 'requestId'>> = {
      phase: payload.phase ?? (percentile ? 'scores' : 'tiers'),
      cursor: payload.cursor ?? null,
      scored: payload.scored ?? 0,
      tierChanges: payload.tierChanges ?? 0,
      rewardsPaid: payload.rewardsPaid ?? 0,
    };
    const save = async (next: typeof progress) => {
      progress = next;
      await job?.updateData({ ...payload, ...progress });
      await job?.updateProgress({ phase: progress.phase, scored: progress.scored });
    };

    if (progress.phase === 'scores') {
      for (;;) {
        const page = await this.scoring.memberIdsAfter(
          programId,
          progress.cursor,
          RESCORE_PAGE_SIZE,
        );
        if (page.length === 0) break;
        const valued = await this.scoreMembers.value(programId, page, now);
        await this.scoring.saveScores(valued?.scores ?? []);
        await save({ ...progress, cursor: page.at(-1)!, scored: progress.scored + page.length });
      }
      await save({ ...progress, phase: 'tiers', cursor: null });
    }

    const cutoffs: TierCutoffs = percentile
      ? await this.scoring.liveCutoffs(policyVersion)
      : await this.scoring.currentCutoffs(policyVersion);
    for (;;) {
      const page = await this.scoring.memberIdsAfter(programId, progress.cursor, RESCORE_PAGE_SIZE);
      if (page.length === 0) break;
      const pass = percentile
        ? await this.scoreMembers.decide(
            policyVersion,
            await this.scoring.storedScores(page),
            cutoffs,
            now,
            false,
          )
        : await this.scoreMembers.execute(programId, page, now, cutoffs);
      const paid = await this.payRewards.execute(programId, page);
      await save({
        ...progress,
        cursor: page.at(-1)!,
        scored: percentile ? progress.scored : progress.scored + pass.scored,
        tierChanges: progress.tierChanges + pass.tierChanges,
        rewardsPaid: progress.rewardsPaid + paid,
      });
    }
    const model = await this.history.promotedModel(programId);
    await this.scoring.takeSnapshot(randomUUID(), programId, model?.id ?? null, cutoffs);
    const result = {
      scored: progress.scored,
      tierChanges: progress.tierChanges,
      rewardsPaid: progress.rewardsPaid,
    };
    if (payload.requestId) await this.requests.finish(payload.requestId, result);
    return result;
  }
}
