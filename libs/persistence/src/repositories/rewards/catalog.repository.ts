import {
  type CatalogReward,
  DomainError,
  DomainErrorCode,
  type RewardTerms,
} from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ColumnsOf } from '../../schema/rows';
import { bindNamed } from '../../statements/named-parameters';
import { violatedUniqueConstraint } from '../../unique-violation';
import {
  type CatalogRewardRow,
  catalogRewardOf,
  catalogRewardSelect,
  type StoredRewardTerms,
  storedTerms,
  termsOf,
  voucherByKey,
  type VoucherKey,
  type VoucherRecord,
  type VoucherRow,
  voucherOf,
  voucherSelect,
} from './catalog-rows';

export type { VoucherRecord } from './catalog-rows';

/** One version of a reward's terms, as the version history lists it. */
export interface CatalogRewardVersion {
  readonly id: string;
  readonly version: number;
  readonly effectiveFrom: Date;
  readonly terms: RewardTerms;
  readonly createdByStaffId: string | null;
  readonly createdAt: Date;
}

const rewardCodeTaken = (code: string) =>
  new DomainError(
    DomainErrorCode.RewardCodeTaken,
    `the program already has a reward coded ${code}`,
    'code',
  );

export const rewardNotFound = () =>
  new DomainError(
    DomainErrorCode.RewardNotFound,
    'no reward of the program has this id',
    'rewardId',
  );

/**
 * The program's rewards catalog and the vouchers claimed from it, outside the ledger's writes:
 * publishing versions, and the reads of the app, the desk and the expiry sweep.
 */
@Injectable()
export class CatalogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query<T>(
    sql: string,
    values: Readonly<Record<string, unknown>>,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<T> {
    return manager.query<T>(...bindNamed(sql, values));
  }

  /** A new reward and its first version; its code is unique in the program. */
  async create(
    programId: string,
    code: string,
    terms: RewardTerms,
    effectiveFrom: Date,
    staffId: string | null,
  ): Promise<string> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const [reward] = await this.query<ColumnsOf<'catalog_rewards', 'id'>[]>(
          `INSERT INTO catalog_rewards (program_id, code) VALUES (:program_id, :code) RETURNING id`,
          { program_id: programId, code },
          manager,
        );
        await this.insertVersion(manager, reward!.id, 1, terms, effectiveFrom, staffId);
        return reward!.id;
      });
    } catch (error) {
      if (violatedUniqueConstraint(error) === 'catalog_rewards_program_id_code_key') {
        throw rewardCodeTaken(code);
      }
      throw error;
    }
  }

  /**
   * The reward's next version. Its row is locked first, so two publishers get consecutive
   * versions, and a publish waits for claims in flight, which keep the version they read.
   */
  async publish(
    programId: string,
    rewardId: string,
    terms: RewardTerms,
    effectiveFrom: Date,
    staffId: string | null,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [reward] = await this.query<{ next: number }[]>(
        `SELECT (SELECT max(version) FROM catalog_reward_versions WHERE reward_id = r.id) + 1
                  AS next
           FROM catalog_rewards r WHERE r.id = :reward_id AND r.program_id = :program_id
            FOR UPDATE`,
        { reward_id: rewardId, program_id: programId },
        manager,
      );
      if (!reward) throw rewardNotFound();
      await this.insertVersion(manager, rewardId, reward.next, terms, effectiveFrom, staffId);
    });
  }

  private async insertVersion(
    manager: EntityManager,
    rewardId: string,
    version: number,
    terms: RewardTerms,
    effectiveFrom: Date,
    staffId: string | null,
  ): Promise<void> {
    await this.query(
      `INSERT INTO catalog_reward_versions (reward_id, version, effective_from, terms,
           created_by_staff_id)
       VALUES (:reward_id, :version, :effective_from, :terms, :staff_id)`,
      {
        reward_id: rewardId,
        version,
        effective_from: effectiveFrom.toISOString(),
        terms: JSON.stringify(storedTerms(terms)),
        staff_id: staffId,
      },
      manager,
    );
  }

  /** Which of the ids are the program's stores. */
  async storesOf(programId: string, storeIds: readonly string[]): Promise<Set<string>> {
    const rows = await this.query<ColumnsOf<'stores', 'id'>[]>(
      `SELECT id FROM stores WHERE program_id = :program_id AND id = ANY(:store_ids::uuid[])`,
      { program_id: programId, store_ids: storeIds },
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Every reward of the program with its version in force at `at`, oldest first. */
  async list(programId: string, at: Date): Promise<CatalogReward[]> {
    const rows = await this.query<CatalogRewardRow[]>(catalogRewardSelect(), {
      program_id: programId,
      at: at.toISOString(),
    });
    return rows.map(catalogRewardOf);
  }

  async find(programId: string, rewardId: string, at: Date): Promise<CatalogReward | null> {
    const [row] = await this.query<CatalogRewardRow[]>(
      catalogRewardSelect('AND r.id = :reward_id'),
      {
        program_id: programId,
        reward_id: rewardId,
        at: at.toISOString(),
      },
    );
    return row ? catalogRewardOf(row) : null;
  }

  /** Every version of a reward, newest first (those not yet in force too). */
  async versions(programId: string, rewardId: string): Promise<CatalogRewardVersion[]> {
    const rows = await this.query<
      (ColumnsOf<'catalog_reward_versions', 'id' | 'version'> & {
        effectiveFrom: Date;
        terms: StoredRewardTerms;
        createdByStaffId: string | null;
        createdAt: Date;
      })[]
    >(
      `SELECT v.id, v.version, v.effective_from AS "effectiveFrom", v.terms,
              v.created_by_staff_id AS "createdByStaffId", v.created_at AS "createdAt"
         FROM catalog_reward_versions v JOIN catalog_rewards r ON r.id = v.reward_id
        WHERE v.reward_id = :reward_id AND r.program_id = :program_id
        ORDER BY v.version DESC`,
      { reward_id: rewardId, program_id: programId },
    );
    return rows.map((row) => ({ ...row, terms: termsOf(row.terms) }));
  }

  /** The member's claims of each reward since the start its limit counts from (null: ever). */
  async claimsOf(
    memberId: string,
    since: readonly { readonly rewardId: string; readonly since: Date | null }[],
  ): Promise<Map<string, number>> {
    if (since.length === 0) return new Map();
    const rows = await this.query<{ rewardId: string; claims: number }[]>(
      `SELECT s.reward_id AS "rewardId", count(vo.id)::int AS claims
         FROM unnest(:reward_id::uuid[], :since::timestamptz[]) AS s(reward_id, since)
         LEFT JOIN vouchers vo ON vo.reward_id = s.reward_id AND vo.member_id = :member_id
                              AND (s.since IS NULL OR vo.created_at >= s.since)
        GROUP BY s.reward_id`,
      {
        reward_id: since.map((entry) => entry.rewardId),
        since: since.map((entry) => entry.since?.toISOString() ?? null),
        member_id: memberId,
      },
    );
    return new Map(rows.map((row) => [row.rewardId, row.claims]));
  }

  /** The member's vouchers, newest first; `status` narrows them. */
  async vouchersOf(
    programId: string,
    memberId: string,
    status: string | null,
    limit: number,
  ): Promise<VoucherRecord[]> {
    const rows = await this.query<VoucherRow[]>(
      voucherSelect(
        `vo.program_id = :program_id AND vo.member_id = :member_id
           AND (:status::text IS NULL OR vo.status = :status)`,
        'ORDER BY vo.created_at DESC, vo.id DESC LIMIT :limit',
      ),
      { program_id: programId, member_id: memberId, status, limit },
    );
    return rows.map(voucherOf);
  }

  async voucher(programId: string, by: VoucherKey): Promise<VoucherRecord | null> {
    const { where, values } = voucherByKey(programId, by);
    const [row] = await this.query<VoucherRow[]>(voucherSelect(where), values);
    return row ? voucherOf(row) : null;
  }

  /** Issued vouchers past their expiry by `asOf`, soonest first: the expiry sweep's page. */
  expiredVouchers(
    asOf: Date,
    programId: string | null,
    limit: number,
  ): Promise<{ voucherId: string; programId: string }[]> {
    return this.query(
      `SELECT id AS "voucherId", program_id AS "programId" FROM vouchers
        WHERE status = 'issued' AND expires_at <= :as_of
          AND (:program_id::uuid IS NULL OR program_id = :program_id)
        ORDER BY expires_at LIMIT :limit`,
      { as_of: asOf.toISOString(), program_id: programId, limit },
    );
  }
}
