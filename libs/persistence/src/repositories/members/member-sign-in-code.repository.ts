import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ColumnsOf } from '../../schema/rows';

export interface StoredSignInCode {
  readonly id: string;
  readonly memberId: string;
  readonly codeHash: Buffer;
  readonly attempts: number;
}

@Injectable()
export class MemberSignInCodeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores a new code; any earlier live code of the member stops working. */
  async replace(code: {
    id: string;
    memberId: string;
    codeHash: Buffer;
    expiresAt: Date;
  }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE member_sign_in_codes SET consumed_at = now()
          WHERE member_id = $1 AND consumed_at IS NULL`,
        [code.memberId],
      );
      await manager.query(
        `INSERT INTO member_sign_in_codes (id, member_id, code_hash, expires_at)
         VALUES ($1, $2, $3, $4)`,
        [code.id, code.memberId, code.codeHash, code.expiresAt],
      );
    });
  }

  /**
   * Counts an attempt on the member's live code and returns it, or null when there is none left
   * (expired, used, or out of attempts). Counting first means a wrong guess always costs one.
   */
  async attempt(memberId: string, maxAttempts: number): Promise<StoredSignInCode | null> {
    const [rows] = await this.dataSource.query<
      [ColumnsOf<'member_sign_in_codes', 'id' | 'member_id' | 'code_hash' | 'attempts'>[], number]
    >(
      `UPDATE member_sign_in_codes SET attempts = attempts + 1
        WHERE id = (SELECT id FROM member_sign_in_codes
                     WHERE member_id = $1 AND consumed_at IS NULL AND expires_at > now()
                     ORDER BY created_at DESC LIMIT 1)
          AND attempts < $2
        RETURNING id, member_id, code_hash, attempts`,
      [memberId, maxAttempts],
    );
    const row = rows[0];
    return row
      ? { id: row.id, memberId: row.member_id, codeHash: row.code_hash, attempts: row.attempts }
      : null;
  }

  /** Uses the code up; false when a concurrent request used it first. */
  async consume(id: string): Promise<boolean> {
    const [, affected] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE member_sign_in_codes SET consumed_at = now() WHERE id = $1 AND consumed_at IS NULL`,
      [id],
    );
    return affected === 1;
  }
}
