import { type JobsOfQueue, QueueName, ValueScoringProducer } from '@loyalty/messaging';
import { ProgramRepository } from '@loyalty/persistence';
import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { Processor } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { type JobHandlers, JobProcessor, WORKER_OPTIONS } from '../common/job-processor';
import { FitClvModelUseCase, type FitOutcome } from './fit-clv-model.use-case';
import { PayRewardsUseCase } from './pay-rewards.use-case';
import { RescoreProgramUseCase } from './rescore-program.use-case';
import { ScoreMembersUseCase } from './score-members.use-case';

type ScoringJobs = JobsOfQueue<QueueName.ValueScoring>;

/**
 * SCORING_CONCURRENCY jobs at once: members are scored in parallel, and a full rescore or a fit
 * takes one slot, so it never holds member scoring back. Two passes over the same member (its
 * job and a rescore, or two replicas) decide one after the other under the member's scoring
 * lock (ValueScoringRepository.decideAndSave). A short job lock: a killed worker's job is picked
 * up again within about 20 seconds and resumes where it stood. The longest synchronous step, a
 * fit on a million members, takes a few seconds, well inside the lock.
 */
@Processor(QueueName.ValueScoring, {
  ...WORKER_OPTIONS,
  concurrency: 1,
  lockDuration: 15_000,
  stalledInterval: 5_000,
})
export class ValueScoringProcessor
  extends JobProcessor<ScoringJobs>
  implements OnApplicationBootstrap
{
  protected readonly handlers: JobHandlers<ScoringJobs> = {
    'score-member': async ({ programId, memberId }) => {
      const pass = await this.scoreMembers.executeForMemberJob(programId, [memberId]);
      const rewardsPaid = pass.rewardsOwed
        ? await this.payRewards.execute(programId, [memberId])
        : 0;
      return { scored: pass.scored, tierChanges: pass.tierChanges, rewardsPaid };
    },
    'fit-clv-model': async ({ programId }) => {
      const programIds = programId ? [programId] : await this.programs.listIds();
      const fits: FitOutcome[] = [];
      for (const id of programIds) {
        const outcome = await this.fitClvModel.execute(id);
        if (!outcome) continue;
        fits.push(outcome);
        // A new model changes every member's value: rescore them all with it.
        if (outcome.status === 'promoted') {
          this.scoreMembers.forgetContext(id);
          await this.producer.enqueueRescore({ requestedBy: 'fit', programId: id }, randomUUID());
        }
      }
      return { fits };
    },
    'rescore-program': (payload, job) => this.rescoreProgram.execute(payload, job),
  };

  constructor(
    private readonly scoreMembers: ScoreMembersUseCase,
    private readonly payRewards: PayRewardsUseCase,
    private readonly fitClvModel: FitClvModelUseCase,
    private readonly rescoreProgram: RescoreProgramUseCase,
    private readonly programs: ProgramRepository,
    private readonly producer: ValueScoringProducer,
    logger: PinoLogger,
    @Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig,
  ) {
    super(logger);
    this.logger.setContext(ValueScoringProcessor.name);
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.worker.scoringConcurrency;
  }
}
