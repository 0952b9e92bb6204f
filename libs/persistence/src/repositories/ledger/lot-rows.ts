import type { Lot } from '@loyalty/domain';

/** A lot as the ledger's statements select it. */
export interface LotRow {
  id: string;
  amount: number;
  remaining: number;
  available_from: Date;
  expires_at: Date | null;
  created_at: Date;
}

export const toLot = (row: LotRow): Lot => ({
  id: row.id,
  amount: row.amount,
  remaining: row.remaining,
  availableFrom: row.available_from,
  expiresAt: row.expires_at,
  createdAt: row.created_at,
});
