import { Injectable } from '@nestjs/common';
import { Database } from '../../database';
import type { ColumnsOf } from '../../schema/rows';

export type RefreshTokenSubjectKind = 'staff' | 'member';

export interface StoredRefreshToken {
  readonly id: string;
  readonly familyId: string;
  readonly subjectKind: RefreshTokenSubjectKind;
  readonly subjectId: string;
  readonly secretHash: Buffer;
  readonly expiresAt: Date;
  readonly spentAt: Date | null;
  readonly revokedAt: Date | null;
}

interface RefreshTokenRow extends ColumnsOf<
  'refresh_tokens',
  'id' | 'family_id' | 'subject_id' | 'secret_hash' | 'expires_at' | 'spent_at' | 'revoked_at'
> {
  subject_kind: RefreshTokenSubjectKind;
}

const toStored = (row: RefreshTokenRow): StoredRefreshToken => ({
  id: row.id,
  familyId: row.family_id,
  subjectKind: row.subject_kind,
  subjectId: row.subject_id,
  secretHash: row.secret_hash,
  expiresAt: row.expires_at,
  spentAt: row.spent_at,
  revokedAt: row.revoked_at,
});

@Injectable()
export class RefreshTokenRepository {
  constructor(private readonly database: Database) {}

  async insert(token: Omit<StoredRefreshToken, 'spentAt' | 'revokedAt'>): Promise<void> {
    await this.database.query(
      `INSERT INTO refresh_tokens (id, family_id, subject_kind, subject_id, secret_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        token.id,
        token.familyId,
        token.subjectKind,
        token.subjectId,
        token.secretHash,
        token.expiresAt,
      ],
    );
  }

  async findById(id: string): Promise<StoredRefreshToken | null> {
    const [row] = await this.database.query<RefreshTokenRow[]>(
      `SELECT * FROM refresh_tokens WHERE id = $1`,
      [id],
    );
    return row ? toStored(row) : null;
  }

  /**
   * Spends a live token. Exactly one of any concurrent callers succeeds (the conditional UPDATE
   * serialises them on the row); the others see it spent.
   */
  async spend(id: string): Promise<boolean> {
    // For UPDATE, TypeORM's query() answers [returned rows, affected count].
    const [, affected] = await this.database.query<[unknown[], number]>(
      `UPDATE refresh_tokens SET spent_at = now()
        WHERE id = $1 AND spent_at IS NULL AND revoked_at IS NULL AND expires_at > now()`,
      [id],
    );
    return affected === 1;
  }

  /**
   * Whether an access token's subject and session still stand: the member not erased (or the
   * staff member not disabled), and the session (refresh-token family) not revoked — by sign-out,
   * a change of role, store or password, a disable, an erasure or a reused refresh token. One
   * round trip, read on every authenticated request.
   */
  async accessStillValid(
    subjectKind: RefreshTokenSubjectKind,
    subjectId: string,
    sessionId: string | null,
  ): Promise<{ subjectLive: boolean; sessionLive: boolean }> {
    const [row] = await this.database.query<{ subject_live: boolean; session_live: boolean }[]>(
      `SELECT CASE WHEN $1 = 'member'
                   THEN EXISTS (SELECT 1 FROM members WHERE id = $2 AND erased_at IS NULL)
                   ELSE EXISTS (SELECT 1 FROM staff_members WHERE id = $2 AND disabled_at IS NULL)
              END AS subject_live,
              ($3::uuid IS NULL OR NOT EXISTS (
                 SELECT 1 FROM refresh_tokens
                  WHERE family_id = $3 AND subject_id = $2 AND revoked_at IS NOT NULL))
                AS session_live`,
      [subjectKind, subjectId, sessionId],
    );
    return { subjectLive: row?.subject_live ?? false, sessionLive: row?.session_live ?? false };
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.database.query(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId],
    );
  }

  async revokeAllOf(subjectKind: RefreshTokenSubjectKind, subjectId: string): Promise<void> {
    await this.database.query(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE subject_kind = $1 AND subject_id = $2 AND revoked_at IS NULL`,
      [subjectKind, subjectId],
    );
  }
}
