import { Injectable } from '@nestjs/common';
import { Database } from '../../database';
import type { ColumnsOf } from '../../schema/rows';

export interface StoredPosApiKey {
  readonly id: string;
  readonly programId: string;
  readonly storeId: string;
  readonly terminalCode: string;
  readonly label: string | null;
  readonly secretHash: Buffer;
  readonly createdByStaffId: string | null;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

type PosApiKeyRow = ColumnsOf<
  'pos_api_keys',
  | 'id'
  | 'program_id'
  | 'store_id'
  | 'terminal_code'
  | 'label'
  | 'secret_hash'
  | 'created_by_staff_id'
  | 'created_at'
  | 'revoked_at'
>;

const toStored = (row: PosApiKeyRow): StoredPosApiKey => ({
  id: row.id,
  programId: row.program_id,
  storeId: row.store_id,
  terminalCode: row.terminal_code,
  label: row.label,
  secretHash: row.secret_hash,
  createdByStaffId: row.created_by_staff_id,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

@Injectable()
export class PosApiKeyRepository {
  constructor(private readonly database: Database) {}

  async insert(key: Omit<StoredPosApiKey, 'createdAt' | 'revokedAt'>): Promise<StoredPosApiKey> {
    const [row] = await this.database.query<PosApiKeyRow[]>(
      `INSERT INTO pos_api_keys
         (id, program_id, store_id, terminal_code, label, secret_hash, created_by_staff_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING *`,
      [
        key.id,
        key.programId,
        key.storeId,
        key.terminalCode,
        key.label,
        key.secretHash,
        key.createdByStaffId,
      ],
    );
    return toStored(row!);
  }

  async findById(id: string): Promise<StoredPosApiKey | null> {
    const [row] = await this.database.query<PosApiKeyRow[]>(
      `SELECT * FROM pos_api_keys WHERE id = $1`,
      [id],
    );
    return row ? toStored(row) : null;
  }

  /** The program's keys, newest first, revoked ones included (an audit needs them). */
  async listByProgram(programId: string, storeId?: string): Promise<StoredPosApiKey[]> {
    const rows = await this.database.query<PosApiKeyRow[]>(
      `SELECT * FROM pos_api_keys
        WHERE program_id = $1 AND ($2::uuid IS NULL OR store_id = $2::uuid)
        ORDER BY created_at DESC, id DESC
        LIMIT 1000`,
      [programId, storeId ?? null],
    );
    return rows.map(toStored);
  }

  /** Revokes the key if it is the program's and live; returns the key as it now stands. */
  async revoke(programId: string, id: string): Promise<StoredPosApiKey | null> {
    await this.database.query(
      `UPDATE pos_api_keys SET revoked_at = now()
        WHERE id = $1 AND program_id = $2 AND revoked_at IS NULL`,
      [id, programId],
    );
    const key = await this.findById(id);
    return key && key.programId === programId ? key : null;
  }
}
