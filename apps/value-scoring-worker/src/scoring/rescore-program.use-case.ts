import type { RescoreProgramPayload, RescoreProgramResult } from '@loyalty/messaging';
import { ValuePolicyRepository, ValueScoringRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { PayRewardsUseCase } from './pay-rewards.use-case';
import { ScoreMembersUseCase } from './score-members.use-case';

export const RESCORE_PAGE_SIZE = 1000;

/**
 * Rescores every member of a program, a page of members at a time (one summary query, one
 * write per page). After each page the job records where it stands, so a run killed midway
 * resumes at the next page; rewards are owed and paid once whatever is re-run. Percentile tiers
 * use the cutoffs of the distribution at the start; the snapshot at the end records the new ones.
 */
@Injectable()
export class RescoreProgramUseCase {
  constructor(
    private readonly scoring: ValueScoringRepository,
    private readonly policies: ValuePolicyRepository,
    private readonly scoreMembers: ScoreMembersUseCase,
    private readonly payRewards: PayRewardsUseCase,
  ) {}

  async execute(
    payload: RescoreProgramPayload,
    job: Pick<Job, 'updateData' | 'updateProgress'> | null,
  ): Promise<RescoreProgramResult> {
    const now = new Date();
    const { programId } = payload;
    const policyVersion = await this.policies.inForceAt(programId, now);
    if (!policyVersion) return { scored: 0, tierChanges: 0, rewardsPaid: 0 };
    const cutoffs = await this.scoring.currentCutoffs(policyVersion);
    let cursor = payload.cursor ?? null;
    let scored = payload.scored ?? 0;
    let tierChanges = 0;
    let rewardsPaid = 0;
    for (;;) {
      const page = await this.scoring.memberIdsAfter(programId, cursor, RESCORE_PAGE_SIZE);
      if (page.length === 0) break;
      const pass = await this.scoreMembers.execute(programId, page, now, cutoffs);
      rewardsPaid += await this.payRewards.execute(programId, page);
      tierChanges += pass.tierChanges;
      scored += pass.scored;
      cursor = page.at(-1)!;
      await job?.updateData({ ...payload, cursor, scored });
      await job?.updateProgress({ scored });
    }
    const model = await this.scoring.promotedModel(programId);
    const newCutoffs =
      policyVersion.policy.tierBasis === 'percentile'
        ? await this.scoring.liveCutoffs(policyVersion)
        : cutoffs;
    await this.scoring.takeSnapshot(randomUUID(), programId, model?.id ?? null, newCutoffs);
    return { scored, tierChanges, rewardsPaid };
  }
}
