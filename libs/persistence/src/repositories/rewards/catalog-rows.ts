import type { ColumnsOf } from '../../schema/rows';
import type { CatalogReward, RewardTerms, VoucherStatus } from '@loyalty/domain';

/** RewardTerms as jsonb holds them: instants as ISO strings. */
export type StoredRewardTerms = Omit<RewardTerms, 'availableFrom' | 'availableUntil'> & {
  availableFrom: string | null;
  availableUntil: string | null;
};

export const storedTerms = (terms: RewardTerms): StoredRewardTerms => ({
  ...terms,
  availableFrom: terms.availableFrom?.toISOString() ?? null,
  availableUntil: terms.availableUntil?.toISOString() ?? null,
});

export const termsOf = (stored: StoredRewardTerms): RewardTerms => ({
  ...stored,
  availableFrom: stored.availableFrom ? new Date(stored.availableFrom) : null,
  availableUntil: stored.availableUntil ? new Date(stored.availableUntil) : null,
});

/** A reward with its version in force, as one row of catalogRewardSelect gives it. */
export interface CatalogRewardRow
  extends
    ColumnsOf<'catalog_rewards', 'id' | 'code'>,
    ColumnsOf<'catalog_reward_versions', 'version'> {
  readonly programId: string;
  readonly versionId: string;
  readonly terms: StoredRewardTerms;
  readonly stockClaimed: number;
  readonly createdAt: Date;
  readonly publishedAt: Date;
}

export const catalogRewardOf = (row: CatalogRewardRow): CatalogReward => ({
  ...row,
  terms: termsOf(row.terms),
});

/**
 * Each reward of `:program_id` with its version in force at `:at` (the latest effective by
 * then); a reward whose first version is not yet in force is left out. `extra` narrows the
 * rewards (`AND r.id = :reward_id`).
 */
export const catalogRewardSelect = (extra = '', lock = '') => `
  SELECT r.id, r.program_id AS "programId", r.code, v.id AS "versionId", v.version,
         v.terms, r.stock_claimed AS "stockClaimed", r.created_at AS "createdAt",
         v.created_at AS "publishedAt"
    FROM catalog_rewards r
    CROSS JOIN LATERAL (
      SELECT id, version, terms, created_at FROM catalog_reward_versions
       WHERE reward_id = r.id AND effective_from <= :at
       ORDER BY effective_from DESC, version DESC LIMIT 1) v
   WHERE r.program_id = :program_id ${extra}
   ORDER BY r.created_at, r.id
   ${lock}`;

/** A voucher as the tills, its owner and the ledger's writes read it. */
export interface VoucherRecord {
  readonly id: string;
  readonly programId: string;
  readonly memberId: string;
  readonly rewardId: string;
  readonly rewardCode: string;
  readonly rewardVersionId: string;
  readonly rewardVersion: number;
  readonly terms: RewardTerms;
  readonly points: number;
  readonly status: VoucherStatus;
  readonly expiresAt: Date;
  readonly claimedStoreId: string | null;
  readonly claimTransactionId: string;
  readonly redemptionTransactionId: string | null;
  readonly redeemedAt: Date | null;
  readonly redeemedStoreId: string | null;
  readonly redeemedReceiptId: string | null;
  readonly settledTransactionId: string | null;
  readonly createdAt: Date;
}

export type VoucherRow = Omit<VoucherRecord, 'terms'> & { terms: StoredRewardTerms };

export const voucherOf = (row: VoucherRow): VoucherRecord => ({
  ...row,
  terms: termsOf(row.terms),
});

/** Vouchers with their reward's code and the terms they were claimed under; `where` picks them. */
export const voucherSelect = (where: string, tail = '') => `
  SELECT vo.id, vo.program_id AS "programId", vo.member_id AS "memberId",
         vo.reward_id AS "rewardId", r.code AS "rewardCode",
         vo.reward_version_id AS "rewardVersionId", v.version AS "rewardVersion", v.terms,
         vo.points, vo.status, vo.expires_at AS "expiresAt",
         vo.claimed_store_id AS "claimedStoreId",
         vo.claim_transaction_id AS "claimTransactionId",
         vo.redemption_transaction_id AS "redemptionTransactionId",
         vo.redeemed_at AS "redeemedAt", vo.redeemed_store_id AS "redeemedStoreId",
         vo.redeemed_receipt_id AS "redeemedReceiptId",
         vo.settled_transaction_id AS "settledTransactionId", vo.created_at AS "createdAt"
    FROM vouchers vo
    JOIN catalog_rewards r ON r.id = vo.reward_id
    JOIN catalog_reward_versions v ON v.id = vo.reward_version_id
   WHERE ${where}
   ${tail}`;

/** How a voucher is found: by its id (its owner's app) or its code's hash (a till). */
export type VoucherKey = { readonly id: string } | { readonly codeHash: string };

/** The condition and values of voucherSelect for one voucher of the program. */
export const voucherByKey = (
  programId: string,
  by: VoucherKey,
): { where: string; values: Record<string, string> } =>
  'id' in by
    ? {
        where: 'vo.id = :voucher_id AND vo.program_id = :program_id',
        values: { voucher_id: by.id, program_id: programId },
      }
    : {
        where: `vo.code_hash = decode(:code_hash, 'hex') AND vo.program_id = :program_id`,
        values: { code_hash: by.codeHash, program_id: programId },
      };
