import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { ExpirePointsUseCase } from '@loyalty/ledger';
import {
  type JobsOfQueue,
  QueueName,
  type ReconcileScoresPayload,
  type ReconcileScoresResult,
  ValueScoringProducer,
} from '@loyalty/messaging';
import { ScoreFreshnessRepository } from '@loyalty/persistence';
import { MetricsRegistry } from '@loyalty/platform';
import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { Gauge } from 'prom-client';
import { type JobHandlers, JobProcessor, WORKER_OPTIONS } from '../common/job-processor';

/** Runs are idempotent, so a late or doubled run is harmless. */
export const EXPIRY_SCHEDULER_ID = 'expire-points';
export const RECONCILE_SCHEDULER_ID = 'reconcile-scores';

/** Stale members handled per run; a larger backlog is taken over the next runs. */
const RECONCILE_BATCH = 10_000;

@Processor(QueueName.LedgerMaintenance, WORKER_OPTIONS)
export class LedgerMaintenanceProcessor
  extends JobProcessor<JobsOfQueue<QueueName.LedgerMaintenance>>
  implements OnApplicationBootstrap
{
  protected readonly handlers: JobHandlers<JobsOfQueue<QueueName.LedgerMaintenance>> = {
    'expire-points': (payload) => this.expirePoints.execute(new Date(), payload.programId ?? null),
    'reconcile-scores': (payload) => this.reconcileScores(payload),
  };

  private readonly staleMembers: Gauge;

  constructor(
    private readonly expirePoints: ExpirePointsUseCase,
    private readonly freshness: ScoreFreshnessRepository,
    private readonly scoring: ValueScoringProducer,
    @InjectQueue(QueueName.LedgerMaintenance) private readonly queue: Queue,
    logger: PinoLogger,
    registry: MetricsRegistry,
    @Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig,
  ) {
    super(logger);
    this.logger.setContext(LedgerMaintenanceProcessor.name);
    this.staleMembers = new Gauge({
      name: 'value_scoring_stale_members',
      help: 'Members whose score was older than their last purchase or refund at the last reconciliation: alert when it stays above 0',
      registers: [registry],
    });
  }

  /**
   * Whatever was lost (a job dropped in an outage, a Redis that forgot its queues), a member
   * whose score is older than their last purchase or refund is scored again. The score job is
   * deduplicated per member, so one already waiting is not doubled.
   */
  private async reconcileScores(payload: ReconcileScoresPayload): Promise<ReconcileScoresResult> {
    const stale = await this.freshness.staleMembers({
      staleAfterSeconds: payload.staleAfterSeconds ?? this.config.worker.scoreStaleAfterSeconds,
      limit: RECONCILE_BATCH,
      ...(payload.programId ? { programId: payload.programId } : {}),
    });
    for (const member of stale) {
      await this.scoring.enqueueScoreMember(member.programId, member.memberId);
    }
    if (!payload.programId) this.staleMembers.set(stale.length);
    if (stale.length > 0) {
      this.logger.warn({ stale: stale.length }, 'members with a stale score were scored again');
    }
    return { stale: stale.length, requeued: stale.length };
  }

  /**
   * Upserted at every start, so replicas and restarts keep one schedule each; the first run
   * comes one interval after the start. An interval of 0 removes the schedule.
   */
  async onApplicationBootstrap(): Promise<void> {
    const { pointsExpiryIntervalMinutes, scoreReconcileIntervalMinutes } = this.config.worker;
    await this.schedule(EXPIRY_SCHEDULER_ID, 'expire-points', pointsExpiryIntervalMinutes);
    await this.schedule(RECONCILE_SCHEDULER_ID, 'reconcile-scores', scoreReconcileIntervalMinutes);
  }

  private async schedule(
    id: string,
    name: 'expire-points' | 'reconcile-scores',
    minutes: number,
  ): Promise<void> {
    if (minutes === 0) {
      await this.queue.removeJobScheduler(id);
      return;
    }
    const every = minutes * 60 * 1000;
    await this.queue.upsertJobScheduler(
      id,
      { every, startDate: Date.now() + every },
      { name, data: { requestedBy: 'schedule' } },
    );
  }
}
