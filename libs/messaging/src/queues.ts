import type { LedgerEventType } from '@loyalty/domain';
import type { DefaultJobOptions } from 'bullmq';

/** Every queue. A queue's jobs are processed only by the value-scoring worker. */
export enum QueueName {
  Diagnostics = 'diagnostics',
  /** Every ledger change, relayed from the outbox; the value-scoring worker consumes them. */
  LedgerEvents = 'ledger-events',
  /**
   * Scheduled housekeeping: expiring points, scoring again members whose score went stale,
   * publishing again ledger events whose jobs were lost.
   */
  LedgerMaintenance = 'ledger-maintenance',
  /** Value scoring: member scores, model fits, full rescores. */
  ValueScoring = 'value-scoring',
  /** Signed deliveries of value events to programs' webhook endpoints. */
  Webhooks = 'webhooks',
}

/** Asks the worker to prove that Redis, the worker and PostgreSQL answer, end to end. */
export interface QueueProbePayload {
  /** Who asked, for the logs: an operator, a test or a monitoring probe. */
  readonly requestedBy: string;
  readonly requestedAt: string;
}

export interface QueueProbeResult {
  readonly processedBy: string;
  readonly processedAt: string;
  /** now() as PostgreSQL saw it while the job ran. */
  readonly databaseTime: string;
}

/** One outbox row of the ledger, published at least once and in order per member. */
export interface LedgerEventPayload {
  readonly outboxId: string;
  readonly programId: string;
  readonly memberId: string | null;
  readonly type: LedgerEventType;
  readonly data: Readonly<Record<string, unknown>>;
  readonly occurredAt: string;
}

export interface ExpirePointsPayload {
  readonly requestedBy: string;
  /** One program's points; every program's when absent. */
  readonly programId?: string;
}

export interface ExpirePointsResult {
  readonly asOf: string;
  readonly membersAffected: number;
  readonly pointsExpired: number;
  readonly erasedAccountsClosed: number;
}

export interface ReleaseHoldsPayload {
  readonly requestedBy: string;
  /** One program's holds; every program's when absent. */
  readonly programId?: string;
}

export interface ReleaseHoldsResult {
  readonly asOf: string;
  readonly holdsReleased: number;
  readonly pointsReleased: number;
}

export interface ExpireVouchersPayload {
  readonly requestedBy: string;
  /** One program's vouchers; every program's when absent. */
  readonly programId?: string;
}

export interface ExpireVouchersResult {
  readonly asOf: string;
  readonly vouchersExpired: number;
  readonly pointsReturned: number;
  readonly pointsForfeited: number;
}

export interface SettleReferralsPayload {
  readonly requestedBy: string;
  /** One program's referrals; every program's when absent. */
  readonly programId?: string;
}

export interface SettleReferralsResult {
  readonly asOf: string;
  readonly rewarded: number;
  readonly refused: number;
  /** Members paid a referral bonus by this run (including ones a stopped run had granted). */
  readonly membersPaid: number;
}

export interface ReconcileScoresPayload {
  readonly requestedBy: string;
  /** One program's members; every program's when absent. */
  readonly programId?: string;
  /** Overrides SCORE_STALE_AFTER_SECONDS for this run. */
  readonly staleAfterSeconds?: number;
}

export interface ReconcileScoresResult {
  /** Members whose score was older than their last purchase or refund. */
  readonly stale: number;
  /** Score jobs asked for (deduplicated per member with any already waiting). */
  readonly requeued: number;
}

export interface OutboxSweepPayload {
  readonly requestedBy: string;
  /** Overrides OUTBOX_REDELIVER_AFTER_SECONDS for this run. */
  readonly olderThanSeconds?: number;
}

export interface OutboxSweepResult {
  /** Events whose job was gone, handed back to the relay. */
  readonly eventsHandedBack: number;
  /** Webhook deliveries asked for again (no success logged, no job left). */
  readonly deliveriesAskedAgain: number;
}

export interface ScoreMemberPayload {
  readonly programId: string;
  readonly memberId: string;
}

export interface ScoreMemberResult {
  readonly scored: number;
  readonly tierChanges: number;
  readonly rewardsPaid: number;
}

export interface FitClvModelPayload {
  readonly requestedBy: string;
  /** One program; every program when absent. */
  readonly programId?: string;
}

export interface FitClvModelResult {
  readonly fits: readonly {
    readonly programId: string;
    readonly version: number;
    readonly status: 'promoted' | 'rejected';
    readonly reason: string | null;
  }[];
}

export interface RescoreProgramPayload {
  readonly requestedBy: string;
  readonly programId: string;
  /** The admin's rescore request it carries out, when one asked for it. */
  readonly requestId?: string;
  /** The last member id scored: where a crashed run resumes. */
  readonly cursor?: string | null;
  readonly scored?: number;
}

export interface RescoreProgramResult {
  readonly scored: number;
  readonly tierChanges: number;
  readonly rewardsPaid: number;
}

export interface DeliverWebhookPayload {
  readonly endpointId: string;
  readonly event: LedgerEventPayload;
}

/** The endpoint's answer, or that a success was already logged (a replay sends nothing). */
export type DeliverWebhookResult =
  { readonly statusCode: number } | { readonly alreadyDelivered: true };

/**
 * The typed map from job name to its queue, payload and result: producers and processors are
 * checked against it at compile time, and the worker must handle every name (its processor's
 * handler table is typed as exhaustive over this map).
 */
export interface JobContracts {
  'queue-probe': {
    readonly queue: QueueName.Diagnostics;
    readonly payload: QueueProbePayload;
    readonly result: QueueProbeResult;
  };
  'ledger-event': {
    readonly queue: QueueName.LedgerEvents;
    readonly payload: LedgerEventPayload;
    readonly result: void;
  };
  'expire-points': {
    readonly queue: QueueName.LedgerMaintenance;
    readonly payload: ExpirePointsPayload;
    readonly result: ExpirePointsResult;
  };
  'release-holds': {
    readonly queue: QueueName.LedgerMaintenance;
    readonly payload: ReleaseHoldsPayload;
    readonly result: ReleaseHoldsResult;
  };
  'expire-vouchers': {
    readonly queue: QueueName.LedgerMaintenance;
    readonly payload: ExpireVouchersPayload;
    readonly result: ExpireVouchersResult;
  };
  'settle-referrals': {
    readonly queue: QueueName.LedgerMaintenance;
    readonly payload: SettleReferralsPayload;
    readonly result: SettleReferralsResult;
  };
  'reconcile-scores': {
    readonly queue: QueueName.LedgerMaintenance;
    readonly payload: ReconcileScoresPayload;
    readonly result: ReconcileScoresResult;
  };
  'sweep-outbox': {
    readonly queue: QueueName.LedgerMaintenance;
    readonly payload: OutboxSweepPayload;
    readonly result: OutboxSweepResult;
  };
  'score-member': {
    readonly queue: QueueName.ValueScoring;
    readonly payload: ScoreMemberPayload;
    readonly result: ScoreMemberResult;
  };
  'fit-clv-model': {
    readonly queue: QueueName.ValueScoring;
    readonly payload: FitClvModelPayload;
    readonly result: FitClvModelResult;
  };
  'rescore-program': {
    readonly queue: QueueName.ValueScoring;
    readonly payload: RescoreProgramPayload;
    readonly result: RescoreProgramResult;
  };
  'deliver-webhook': {
    readonly queue: QueueName.Webhooks;
    readonly payload: DeliverWebhookPayload;
    readonly result: DeliverWebhookResult;
  };
}

export type JobName = keyof JobContracts;
export type JobPayload<Name extends JobName> = JobContracts[Name]['payload'];
export type JobResult<Name extends JobName> = JobContracts[Name]['result'];
export type JobsOfQueue<Queue extends QueueName> = {
  [Name in JobName]: JobContracts[Name]['queue'] extends Queue ? Name : never;
}[JobName];

export const JOB_QUEUE: { readonly [Name in JobName]: JobContracts[Name]['queue'] } = {
  'queue-probe': QueueName.Diagnostics,
  'ledger-event': QueueName.LedgerEvents,
  'expire-points': QueueName.LedgerMaintenance,
  'release-holds': QueueName.LedgerMaintenance,
  'expire-vouchers': QueueName.LedgerMaintenance,
  'settle-referrals': QueueName.LedgerMaintenance,
  'reconcile-scores': QueueName.LedgerMaintenance,
  'sweep-outbox': QueueName.LedgerMaintenance,
  'score-member': QueueName.ValueScoring,
  'fit-clv-model': QueueName.ValueScoring,
  'rescore-program': QueueName.ValueScoring,
  'deliver-webhook': QueueName.Webhooks,
};

/** The job names the contract routes to a queue; none for a name that is not a queue. */
export function jobNamesOf(queue: string): JobName[] {
  return (Object.keys(JOB_QUEUE) as JobName[]).filter((name) => routesTo(name, queue));
}

/** Whether the contract routes a job name to a queue (false for a name that is not a job). */
export function routesTo(job: string, queue: string): boolean {
  return Object.hasOwn(JOB_QUEUE, job) && (JOB_QUEUE[job as JobName] as string) === queue;
}

/**
 * Retries with backoff for transient faults; finished jobs are kept for a while for the queue
 * board and then removed, so Redis does not grow without bound.
 */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};
