import type { NewHold } from '@loyalty/domain';

/** A hold as the tills, its settlement and the release sweep read it. */
export interface PointHoldRecord extends NewHold {
  readonly status: 'held' | 'captured' | 'released';
  readonly settledTransactionId: string | null;
  readonly capturedPoints: number | null;
  readonly settledBy: 'till' | 'expiry' | null;
  readonly settledAt: Date | null;
  readonly createdAt: Date;
}

const POINT_HOLD_FIELDS: Readonly<Record<keyof PointHoldRecord, string>> = {
  id: 'id',
  programId: 'program_id',
  memberId: 'member_id',
  storeId: 'store_id',
  points: 'points',
  reference: 'reference',
  expiresAt: 'expires_at',
  holdTransactionId: 'hold_transaction_id',
  status: 'status',
  settledTransactionId: 'settled_transaction_id',
  capturedPoints: 'captured_points',
  settledBy: 'settled_by',
  settledAt: 'settled_at',
  createdAt: 'created_at',
};

/** The select list of a PointHoldRecord, from `alias` (the table itself by default). */
export const pointHoldColumns = (alias = 'point_holds'): string =>
  Object.entries(POINT_HOLD_FIELDS)
    .map(([field, column]) => `${alias}.${column} AS "${field}"`)
    .join(', ');
