import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Codes a member's app shows at the till to authorise spending points (ADR 0006). */
@Injectable()
export class RedemptionCodeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Issues a code; the member keeps at most `maxLive` live codes (a second device, a re-render),
   * and the oldest beyond that is retired. Issuing for one member is serialised on the member's
   * row, so racing requests never leave more than `maxLive` live.
   */
  async issue(
    id: string,
    memberId: string,
    codeHash: Buffer,
    expiresAt: Date,
    maxLive: number,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT 1 FROM members WHERE id = $1 FOR UPDATE`, [memberId]);
      await manager.query(
        `UPDATE redemption_codes SET expires_at = clock_timestamp()
          WHERE id IN (SELECT id FROM redemption_codes
                        WHERE member_id = $1 AND used_at IS NULL
                          AND expires_at > clock_timestamp()
                        ORDER BY created_at DESC, id DESC OFFSET $2)`,
        [memberId, maxLive - 1],
      );
      await manager.query(
        `INSERT INTO redemption_codes (id, member_id, code_hash, expires_at) VALUES ($1, $2, $3, $4)`,
        [id, memberId, codeHash, expiresAt.toISOString()],
      );
    });
  }
}
