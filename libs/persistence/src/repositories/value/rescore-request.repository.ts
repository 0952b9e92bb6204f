import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface RescoreRequest {
  readonly id: string;
  readonly programId: string;
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly finishedAt: Date | null;
  readonly scored: number | null;
  readonly tierChanges: number | null;
  readonly rewardsPaid: number | null;
}

const COLUMNS = `id, program_id AS "programId", requested_by AS "requestedBy",
                 requested_at AS "requestedAt", finished_at AS "finishedAt", scored,
                 tier_changes AS "tierChanges", rewards_paid AS "rewardsPaid"`;

/** The audit trail of full rescores asked for by admins, and what each did. */
@Injectable()
export class RescoreRequestRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(request: {
    id: string;
    programId: string;
    requestedBy: string;
  }): Promise<RescoreRequest> {
    const [row] = await this.dataSource.query<RescoreRequest[]>(
      `INSERT INTO rescore_requests (id, program_id, requested_by) VALUES ($1, $2, $3)
       RETURNING ${COLUMNS}`,
      [request.id, request.programId, request.requestedBy],
    );
    return row!;
  }

  async find(programId: string, id: string): Promise<RescoreRequest | null> {
    const [row] = await this.dataSource.query<RescoreRequest[]>(
      `SELECT ${COLUMNS} FROM rescore_requests WHERE id = $1 AND program_id = $2`,
      [id, programId],
    );
    return row ?? null;
  }

  /** A request whose job never got queued (another rescore of the program was under way). */
  async withdraw(id: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM rescore_requests WHERE id = $1 AND finished_at IS NULL`,
      [id],
    );
  }

  async finish(
    id: string,
    result: { scored: number; tierChanges: number; rewardsPaid: number },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE rescore_requests
          SET finished_at = now(), scored = $2, tier_changes = $3, rewards_paid = $4
        WHERE id = $1 AND finished_at IS NULL`,
      [id, result.scored, result.tierChanges, result.rewardsPaid],
    );
  }
}
