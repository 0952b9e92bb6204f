import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Codes a member's app shows at the till to authorise spending points (ADR 0006). */
@Injectable()
export class RedemptionCodeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Issues a code and retires the member's earlier live ones: one code works at a time. */
  async issue(id: string, memberId: string, codeHash: Buffer, expiresAt: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE redemption_codes SET expires_at = clock_timestamp()
          WHERE member_id = $1 AND used_at IS NULL AND expires_at > clock_timestamp()`,
        [memberId],
      );
      await manager.query(
        `INSERT INTO redemption_codes (id, member_id, code_hash, expires_at) VALUES ($1, $2, $3, $4)`,
        [id, memberId, codeHash, expiresAt.toISOString()],
      );
    });
  }
}
