import type { EntityManager } from 'typeorm';

/** An adjustment waiting for a second person, as its decision reads it under lock. */
export interface AdjustmentRequestRecord {
  readonly id: string;
  readonly programId: string;
  readonly memberId: string;
  readonly points: number;
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedRole: string;
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

/** The statements of adjustment requests, inside a ledger write's transaction. */
export class AdjustmentRequestStatements {
  constructor(private readonly manager: EntityManager) {}

  async record(request: {
    readonly id: string;
    readonly programId: string;
    readonly memberId: string;
    readonly points: number;
    readonly reason: string;
    readonly requestedBy: string;
    readonly requestedRole: string;
  }): Promise<AdjustmentRequestRecord> {
    const [row] = await this.manager.query<AdjustmentRequestRecord[]>(
      `INSERT INTO adjustment_requests (id, program_id, member_id, points, reason, requested_by,
           requested_role)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${adjustmentRequestColumns()}`,
      [
        request.id,
        request.programId,
        request.memberId,
        request.points,
        request.reason,
        request.requestedBy,
        request.requestedRole,
      ],
    );
    return row!;
  }

  /** Locks a request of the program for its decision, so it is decided once. */
  async lock(programId: string, requestId: string): Promise<AdjustmentRequestRecord | null> {
    const [row] = await this.manager.query<AdjustmentRequestRecord[]>(
      `SELECT ${adjustmentRequestColumns()} FROM adjustment_requests
        WHERE id = $1 AND program_id = $2 FOR UPDATE`,
      [requestId, programId],
    );
    return row ?? null;
  }

  async decide(decision: {
    readonly id: string;
    readonly status: 'approved' | 'rejected';
    readonly decidedBy: string;
    readonly note: string | null;
    readonly transactionId: string | null;
  }): Promise<AdjustmentRequestRecord> {
    // An UPDATE answers its rows and the count of rows it changed.
    const [[row]] = await this.manager.query<[AdjustmentRequestRecord[], number]>(
      `UPDATE adjustment_requests
          SET status = $2, decided_by = $3, decided_at = clock_timestamp(), decision_note = $4,
              transaction_id = $5
        WHERE id = $1 AND status = 'pending'
        RETURNING ${adjustmentRequestColumns()}`,
      [decision.id, decision.status, decision.decidedBy, decision.note, decision.transactionId],
    );
    if (!row) throw new Error(`adjustment request ${decision.id} was not pending`);
    return row;
  }
}
