import type { NewAdjustmentRequest } from '@loyalty/domain';

/** An adjustment waiting for a second person, as its decision reads it under lock. */
export interface AdjustmentRequestRecord extends NewAdjustmentRequest {
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly decisionNote: string | null;
  readonly transactionId: string | null;
  readonly createdAt: Date;
}

const ADJUSTMENT_REQUEST_FIELDS: Readonly<Record<keyof AdjustmentRequestRecord, string>> = {
  id: 'id',
  programId: 'program_id',
  memberId: 'member_id',
  points: 'points',
  reason: 'reason',
  requestedBy: 'requested_by',
  requestedRole: 'requested_role',
  status: 'status',
  decidedBy: 'decided_by',
  decidedAt: 'decided_at',
  decisionNote: 'decision_note',
  transactionId: 'transaction_id',
  createdAt: 'created_at',
};

/** The select list of an AdjustmentRequestRecord, from `alias` (the table itself by default). */
export const adjustmentRequestColumns = (alias = 'adjustment_requests'): string =>
  Object.entries(ADJUSTMENT_REQUEST_FIELDS)
    .map(([field, column]) => `${alias}.${column} AS "${field}"`)
    .join(', ');
