/**
 * Every event the ledger and the worker write to the outbox, and so every event a webhook
 * endpoint may subscribe to. The outbox, the relay, the worker and the webhooks share this one
 * list: an event written under another name does not compile.
 */
export const LEDGER_EVENT_TYPES = [
  /** A member's tier went up or down (the worker). */
  'tier.changed',
  /** A reward was credited: a tier upgrade bonus, a win-back offer. */
  'points.rewarded',
  /** A member's chance of still being active fell below the program's threshold (the worker). */
  'member.at_risk',
  'purchase.recorded',
  'purchase.refunded',
  'points.earned',
  'points.redeemed',
  /** A transaction was reversed, or a refund took back what its purchase earned. */
  'points.reversed',
  'points.expired',
  'points.adjusted',
  'points.transferred',
  /** An erased member's points, forfeited. */
  'points.forfeited',
  /** An adjustment above the threshold, waiting for a second person. */
  'adjustment.requested',
] as const;

export type LedgerEventType = (typeof LEDGER_EVENT_TYPES)[number];

/** The events that change a member's purchase history, and so their value: they ask for scoring. */
export const MEMBER_ACTIVITY_EVENTS: ReadonlySet<LedgerEventType> = new Set([
  'purchase.recorded',
  'purchase.refunded',
]);
