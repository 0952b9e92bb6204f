import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { ExpirePointsUseCase, ExpireVouchersUseCase, SettleHoldUseCase } from '@loyalty/ledger';
import {
  type JobsOfQueue,
  LedgerMaintenanceProducer,
  QueueName,
  type ReconcileScoresPayload,
  type ReconcileScoresResult,
  ValueScoringProducer,
} from '@loyalty/messaging';
import { ScoreFreshnessRepository } from '@loyalty/persistence';
import { MetricsRegistry } from '@loyalty/platform';
import { Processor } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Gauge } from 'prom-client';
import { type JobHandlers, JobProcessor, WORKER_OPTIONS } from '../common/job-processor';
import { JobSchedules } from '../common/job-schedules';
import { SettleReferralsUseCase } from './settle-referrals.use-case';
import { SweepOutboxUseCase } from './sweep-outbox.use-case';

/** Runs are idempotent, so a late or doubled run is harmless. */
export const EXPIRY_SCHEDULER_ID = 'expire-points';
export const HOLD_RELEASE_SCHEDULER_ID = 'release-holds';
export const VOUCHER_EXPIRY_SCHEDULER_ID = 'expire-vouchers';
export const REFERRAL_SETTLE_SCHEDULER_ID = 'settle-referrals';
export const RECONCILE_SCHEDULER_ID = 'reconcile-scores';
export const OUTBOX_SWEEP_SCHEDULER_ID = 'sweep-outbox';

/** Stale members handled per run; a larger backlog is taken over the next runs. */
const RECONCILE_BATCH = 10_000;

@Processor(QueueName.LedgerMaintenance, WORKER_OPTIONS)
export class LedgerMaintenanceProcessor
  extends JobProcessor<JobsOfQueue<QueueName.LedgerMaintenance>>
  implements OnApplicationBootstrap, OnModuleDestroy
{
  protected readonly handlers: JobHandlers<JobsOfQueue<QueueName.LedgerMaintenance>> = {
    'expire-points': (payload) => this.expirePoints.execute(new Date(), payload.programId ?? null),
    'release-holds': (payload) =>
      this.settleHolds.releaseExpired(new Date(), payload.programId ?? null),
    'expire-vouchers': (payload) =>
      this.expireVouchers.expireDue(new Date(), payload.programId ?? null),
    'settle-referrals': (payload) =>
      this.settleReferrals.execute(new Date(), payload.programId ?? null),
    'reconcile-scores': (payload) => this.reconcileScores(payload),
    'sweep-outbox': (payload) =>
      this.sweepOutbox.execute(payload, this.config.worker.outboxRedeliverAfterSeconds),
  };

  private readonly staleMembers: Gauge;
  private schedules: JobSchedules<QueueName.LedgerMaintenance> | undefined;

  constructor(
    private readonly expirePoints: ExpirePointsUseCase,
    private readonly settleHolds: SettleHoldUseCase,
    private readonly expireVouchers: ExpireVouchersUseCase,
    private readonly settleReferrals: SettleReferralsUseCase,
    private readonly freshness: ScoreFreshnessRepository,
    private readonly scoring: ValueScoringProducer,
    private readonly sweepOutbox: SweepOutboxUseCase,
    private readonly maintenance: LedgerMaintenanceProducer,
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

  /** The maintenance schedules, kept in Redis even after Redis forgets them (job-schedules.ts). */
  async onApplicationBootstrap(): Promise<void> {
    const {
      pointsExpiryIntervalMinutes,
      holdReleaseIntervalSeconds,
      voucherExpiryIntervalMinutes,
      referralSettleIntervalMinutes,
      scoreReconcileIntervalMinutes,
      outboxSweepIntervalMinutes,
    } = this.config.worker;
    const every = (minutes: number) => minutes * 60_000;
    const data = { requestedBy: 'schedule' };
    this.schedules = new JobSchedules(
      this.maintenance.jobs,
      [
        {
          id: EXPIRY_SCHEDULER_ID,
          job: { name: 'expire-points', payload: data },
          everyMs: every(pointsExpiryIntervalMinutes),
        },
        {
          id: HOLD_RELEASE_SCHEDULER_ID,
          job: { name: 'release-holds', payload: data },
          everyMs: holdReleaseIntervalSeconds * 1000,
        },
        {
          id: VOUCHER_EXPIRY_SCHEDULER_ID,
          job: { name: 'expire-vouchers', payload: data },
          everyMs: every(voucherExpiryIntervalMinutes),
        },
        {
          id: REFERRAL_SETTLE_SCHEDULER_ID,
          job: { name: 'settle-referrals', payload: data },
          everyMs: every(referralSettleIntervalMinutes),
        },
        {
          id: RECONCILE_SCHEDULER_ID,
          job: { name: 'reconcile-scores', payload: data },
          everyMs: every(scoreReconcileIntervalMinutes),
        },
        {
          id: OUTBOX_SWEEP_SCHEDULER_ID,
          job: { name: 'sweep-outbox', payload: data },
          everyMs: every(outboxSweepIntervalMinutes),
        },
      ],
      this.logger,
    );
    await this.schedules.start();
  }

  onModuleDestroy(): void {
    this.schedules?.stop();
  }

  /** Re-creates the schedules Redis forgot (also run every minute by itself). */
  restoreMissingSchedules(): Promise<number> {
    return this.schedules?.restoreMissing() ?? Promise.resolve(0);
  }
}
