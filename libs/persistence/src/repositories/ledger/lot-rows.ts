import type { Lot } from '@loyalty/domain';
import type { ColumnsOf } from '../../schema/rows';

/** A lot as the ledger's statements select it. */
export type LotRow = ColumnsOf<
  'lots',
  'id' | 'amount' | 'remaining' | 'available_from' | 'expires_at' | 'created_at'
>;

export const toLot = (row: LotRow): Lot => ({
  id: row.id,
  amount: row.amount,
  remaining: row.remaining,
  availableFrom: row.available_from,
  expiresAt: row.expires_at,
  createdAt: row.created_at,
});
