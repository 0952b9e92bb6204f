import { DomainError, DomainErrorCode, type Member } from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { Database } from '../../database';
import { type MemberRow, toMember } from './card-rows';
import { memberNotFound } from './card.repository';
import { searchNameOf } from './search-name';

/** What moved from the duplicate to the member it was merged into, as the audit records it. */
export interface MergedRecords {
  readonly cards: number;
  readonly lots: number;
  readonly purchases: number;
  readonly tierChanges: number;
  readonly surveyAnswers: number;
}

export interface MemberMergeRecord {
  readonly id: string;
  readonly programId: string;
  readonly duplicateMemberId: string;
  readonly survivorMemberId: string;
  readonly mergedBy: string;
  readonly reason: string;
  /** The ledger's merge transaction; null when the duplicate held no points. */
  readonly transactionId: string | null;
  /** Lots the ledger moved (counted into the audit beside the records moved here). */
  readonly lotsMoved: number;
}

/**
 * The members' side of a merge of duplicates (docs/decisions/0015-member-merges.md), in the
 * request's transaction, beside the ledger's (MergeMemberPointsUseCase). The members' rows are
 * locked first, in id order, so two merges touching one member run one after the other and the
 * second sees the first.
 */
@Injectable()
export class MemberMergeRepository {
  constructor(private readonly database: Database) {}

  /**
   * Runs a merge's steps in one transaction (a savepoint of the request's, when it has one), so
   * the ledger's part and the members' part commit together or not at all.
   */
  inOneTransaction<T>(work: () => Promise<T>): Promise<T> {
    return this.database.transaction(() => work());
  }

  /** Both members of the program, locked; an unknown one is not found. */
  async lockPair(
    programId: string,
    duplicateId: string,
    survivorId: string,
  ): Promise<{ duplicate: Member; survivor: Member }> {
    const rows = await this.database.query<MemberRow[]>(
      `SELECT * FROM members WHERE program_id = $1 AND id = ANY($2::uuid[])
        ORDER BY id FOR UPDATE`,
      [programId, [duplicateId, survivorId]],
    );
    // The duplicate's vouchers move with it: locked now, before the ledger locks the members'
    // accounts, as a till's use of a voucher locks them (the voucher, then the account).
    await this.database.query(
      `SELECT id FROM vouchers WHERE member_id = $1 ORDER BY id FOR UPDATE`,
      [duplicateId],
    );
    const byId = new Map(rows.map((row) => [row.id, toMember(row)]));
    const duplicate = byId.get(duplicateId);
    if (!duplicate) throw memberNotFound();
    const survivor = byId.get(survivorId);
    if (!survivor) {
      throw new DomainError(
        DomainErrorCode.MemberNotFound,
        'no member of the program has this id',
        'intoMemberId',
      );
    }
    return { duplicate, survivor };
  }

  /**
   * Retires the duplicate (pointing at the survivor, its personal data cleared; the survivor keeps
   * its own and takes the duplicate's name, email or phone only where it has none) and moves its
   * cards, purchases, tier history and survey answers; one voice per store and month stays, the
   * latest. The duplicate's score and tier go (the survivor is scored again), its sessions and
   * sign-in codes end, and the audit row is written.
   */
  async moveRecords(
    merge: MemberMergeRecord,
    duplicate: Member,
  ): Promise<{ survivor: Member; moved: MergedRecords }> {
    const dup = merge.duplicateMemberId;
    const into = merge.survivorMemberId;
    await this.database.query(
      `UPDATE members SET merged_into_member_id = $2, merged_at = now(), name = NULL,
              search_name = NULL, email = NULL, phone = NULL, marketing_consent = false,
              marketing_consent_at = NULL, updated_at = now()
        WHERE id = $1`,
      [dup, into],
    );
    // An UPDATE … RETURNING answers its rows and how many it changed.
    const [[survivor]] = await this.database.query<[MemberRow[], number]>(
      `UPDATE members s
          SET name = coalesce(s.name, d.name), search_name = coalesce(s.search_name, d.search_name),
              email = coalesce(s.email, $3), phone = coalesce(s.phone, $4), updated_at = now()
         FROM (SELECT $5::text AS name, $6::text AS search_name) d
        WHERE s.id = $1 AND s.program_id = $2
        RETURNING s.*`,
      [
        into,
        merge.programId,
        duplicate.email,
        duplicate.phone,
        duplicate.name,
        searchNameOf(duplicate.name),
      ],
    );
    const count = async (sql: string) =>
      (await this.database.query<[unknown[], number]>(sql, [dup, into]))[1];
    const cards = await count(
      `UPDATE cards SET member_id = $2, updated_at = now() WHERE member_id = $1`,
    );
    const purchases = await count(`UPDATE purchases SET member_id = $2 WHERE member_id = $1`);
    const tierChanges = await count(`UPDATE tier_changes SET member_id = $2 WHERE member_id = $1`);
    // Vouchers are the survivor's now: what a return gives back goes to them (as new lots, since
    // the lots they were claimed from moved as new lots too).
    await this.database.query(`UPDATE vouchers SET member_id = $2 WHERE member_id = $1`, [
      dup,
      into,
    ]);
    // One voice per member, store and month: where both answered, the later answer stays.
    await this.database.query(
      `DELETE FROM survey_responses older
        USING survey_responses newer
        WHERE older.member_id IN ($1, $2) AND newer.member_id IN ($1, $2)
          AND older.member_id <> newer.member_id
          AND older.store_id IS NOT DISTINCT FROM newer.store_id
          AND older.period_start = newer.period_start
          AND (older.answered_at, older.id) < (newer.answered_at, newer.id)`,
      [dup, into],
    );
    const surveyAnswers = await count(
      `UPDATE survey_responses SET member_id = $2 WHERE member_id = $1`,
    );
    await this.database.query(`DELETE FROM member_scores WHERE member_id = $1`, [dup]);
    await this.database.query(`DELETE FROM member_tiers WHERE member_id = $1`, [dup]);
    await this.database.query(`DELETE FROM member_sign_in_codes WHERE member_id = $1`, [dup]);
    await this.database.query(
      `UPDATE refresh_tokens SET revoked_at = now()
        WHERE subject_kind = 'member' AND subject_id = $1 AND revoked_at IS NULL`,
      [dup],
    );
    const moved = { cards, lots: merge.lotsMoved, purchases, tierChanges, surveyAnswers };
    await this.database.query(
      `INSERT INTO member_merges (id, program_id, duplicate_member_id, survivor_member_id,
           merged_by, reason, transaction_id, moved)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        merge.id,
        merge.programId,
        dup,
        into,
        merge.mergedBy,
        merge.reason,
        merge.transactionId,
        JSON.stringify(moved),
      ],
    );
    return { survivor: toMember(survivor!), moved };
  }
}
