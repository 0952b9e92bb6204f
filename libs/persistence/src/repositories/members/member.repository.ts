import {
  type AcquisitionChannel,
  type Card,
  CardBlockReason,
  type CardEvent,
  CardStatus,
  DomainError,
  DomainErrorCode,
  type Member,
  type Program,
} from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database } from '../../database';
import { violatedUniqueConstraint } from '../../unique-violation';
import { type Actor, appendCardEvent, type CardToIssue, issueCardWithin } from './card-issuing';
import { memberNotFound, mergedMember } from './card.repository';
import { insertReferralWithin, lockReferrerWithin } from './referrals';
import { searchNameOf } from './search-name';
import {
  type CardEventRow,
  type CardRow,
  type MemberRow,
  toCard,
  toCardEvent,
  toMember,
} from './card-rows';
import type { ColumnsOf } from '../../schema/rows';

export interface NewMember {
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly enrolledStoreId: string;
  readonly enrolledByStaffId: string | null;
  readonly acquisitionChannel: AcquisitionChannel;
  /** Counted as acquired by this campaign in the enrolment's transaction. */
  readonly acquisitionCampaignId: string | null;
  readonly marketingConsent: boolean;
  /** The referral code the member enrolled with, if any (decision 0019). */
  readonly referralCode: string | null;
}

/** Everything the program holds about a member, for a data-subject access request. */
export interface MemberDataExport {
  readonly member: Member;
  readonly cards: readonly (Card & { readonly events: readonly CardEvent[] })[];
  /** Every journal transaction that moved the member's points, oldest first. */
  readonly pointsHistory: readonly ExportedPointsMovement[];
  readonly purchases: readonly ExportedPurchase[];
  readonly tierHistory: readonly ExportedTierChange[];
  readonly surveyAnswers: readonly ExportedSurveyAnswer[];
  readonly vouchers: readonly ExportedVoucher[];
  /** Referrals the member made (as referrer) and the one they enrolled by (as referee). */
  readonly referrals: readonly ExportedReferral[];
}

export interface ExportedVoucher {
  readonly id: string;
  readonly rewardCode: string;
  readonly points: number;
  readonly status: string;
  readonly claimedAt: Date;
  readonly expiresAt: Date;
  readonly redeemedAt: Date | null;
}

export interface ExportedReferral {
  readonly id: string;
  readonly role: 'referrer' | 'referee';
  readonly status: string;
  readonly createdAt: Date;
  readonly settledAt: Date | null;
}

export interface ExportedPointsMovement {
  readonly transactionId: string;
  readonly kind: string;
  readonly points: number;
  readonly occurredAt: Date;
  readonly reason: string | null;
  readonly storeId: string | null;
  readonly purchaseId: string | null;
  readonly reversesTransactionId: string | null;
}

export interface ExportedPurchase {
  readonly id: string;
  readonly storeId: string;
  readonly receiptId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly occurredAt: Date;
  readonly lines: unknown;
  readonly pointsEarned: number;
  readonly refunds: readonly { amountMinor: number; pointsReversed: number; occurredAt: string }[];
}

export interface ExportedTierChange {
  readonly fromTier: string | null;
  readonly toTier: string;
  readonly kind: string;
  readonly reason: string;
  readonly clvMinor: number;
  readonly changedAt: Date;
}

export interface ExportedSurveyAnswer {
  readonly id: string;
  readonly storeId: string | null;
  readonly nps: number | null;
  readonly csat: number | null;
  readonly ces: number | null;
  readonly comment: string | null;
  readonly answeredAt: Date;
}

// Deliberately silent about the other member: a 409 must not reveal whose the address is.
const DUPLICATES: Readonly<Record<string, () => DomainError>> = {
  members_program_id_email_key: () =>
    new DomainError(
      DomainErrorCode.EmailAlreadyEnrolled,
      'a member of this program is already enrolled with this email',
      'email',
    ),
  members_program_id_phone_key: () =>
    new DomainError(
      DomainErrorCode.PhoneAlreadyEnrolled,
      'a member of this program is already enrolled with this phone number',
      'phone',
    ),
};

/**
 * Counts the member as acquired by their campaign, under the campaign's row lock: it must be the
 * program's, running on the enrolment day (the program's time zone), and of the member's channel.
 */
async function claimCampaignWithin(
  manager: EntityManager,
  program: Program,
  member: NewMember,
): Promise<{ name: string }> {
  const [[claimed]] = await manager.query<
    [
      (ColumnsOf<'acquisition_campaigns', 'name'> & {
        channel: AcquisitionChannel;
        running: boolean;
      })[],
      number,
    ]
  >(
    `UPDATE acquisition_campaigns c
        SET members_acquired = members_acquired + 1, updated_at = now()
      WHERE c.id = $1 AND c.program_id = $2
      RETURNING c.name, c.channel,
                (now() AT TIME ZONE $3)::date BETWEEN c.starts_on AND c.ends_on AS running`,
    [member.acquisitionCampaignId, program.id, program.timezone],
  );
  if (!claimed) {
    throw new DomainError(
      DomainErrorCode.AcquisitionCampaignNotFound,
      'no acquisition campaign of the program has this id',
      'acquisitionCampaignId',
    );
  }
  if (!claimed.running) {
    throw new DomainError(
      DomainErrorCode.AcquisitionCampaignNotRunning,
      'the acquisition campaign is not running today',
      'acquisitionCampaignId',
    );
  }
  if (claimed.channel !== member.acquisitionChannel) {
    throw new DomainError(
      DomainErrorCode.ValidationFailed,
      `the campaign acquires members through ${claimed.channel}, not ${member.acquisitionChannel}`,
      'acquisitionChannel',
    );
  }
  return { name: claimed.name };
}

@Injectable()
export class MemberRepository {
  constructor(private readonly database: Database) {}

  /** Enrols the member and hands them their first card, in one transaction. */
  async enrol(
    program: Program,
    member: NewMember,
    firstCard: CardToIssue,
    actor: Actor,
  ): Promise<{ member: Member; card: Card }> {
    try {
      return await this.database.transaction(async (manager) => {
        const campaign = member.acquisitionCampaignId
          ? await claimCampaignWithin(manager, program, member)
          : null;
        const referrerId = member.referralCode
          ? await lockReferrerWithin(manager, program, member.referralCode, member)
          : null;
        const [row] = await manager.query<MemberRow[]>(
          `INSERT INTO members (program_id, name, email, phone, enrolled_store_id,
              enrolled_by_staff_id, acquisition_channel, acquisition_campaign,
              acquisition_campaign_id, marketing_consent, marketing_consent_at, search_name)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $10 THEN now() END, $11)
           RETURNING *`,
          [
            program.id,
            member.name,
            member.email,
            member.phone,
            member.enrolledStoreId,
            member.enrolledByStaffId,
            member.acquisitionChannel,
            campaign?.name ?? null,
            member.acquisitionCampaignId,
            member.marketingConsent,
            searchNameOf(member.name),
          ],
        );
        const enrolled = toMember(row!);
        if (referrerId) await insertReferralWithin(manager, program.id, referrerId, enrolled.id);
        const card = await issueCardWithin(manager, program, enrolled.id, firstCard, actor);
        return { member: enrolled, card };
      });
    } catch (error) {
      const duplicate = DUPLICATES[violatedUniqueConstraint(error) ?? ''];
      if (duplicate) throw duplicate();
      throw error;
    }
  }

  async findById(programId: string, id: string): Promise<Member | null> {
    const [row] = await this.database.query<MemberRow[]>(
      `SELECT * FROM members WHERE id = $1 AND program_id = $2`,
      [id, programId],
    );
    return row ? toMember(row) : null;
  }

  /** Members of the program with this email or phone (normalised), for staff at the till. */
  async findByContact(
    programId: string,
    contact: { email?: string | undefined; phone?: string | undefined },
  ): Promise<Member[]> {
    const rows = await this.database.query<MemberRow[]>(
      `SELECT * FROM members
        WHERE program_id = $1 AND (email = $2 OR phone = $3)
        ORDER BY enrolled_at, id LIMIT 10`,
      [programId, contact.email ?? null, contact.phone ?? null],
    );
    return rows.map(toMember);
  }

  /** The program of a live (not erased) member, or null. */
  async programOf(memberId: string): Promise<string | null> {
    const [row] = await this.database.query<ColumnsOf<'members', 'program_id'>[]>(
      `SELECT program_id FROM members WHERE id = $1 AND erased_at IS NULL`,
      [memberId],
    );
    return row?.program_id ?? null;
  }

  async findByEmail(programId: string, email: string): Promise<Member | null> {
    const [row] = await this.database.query<MemberRow[]>(
      `SELECT * FROM members WHERE program_id = $1 AND email = $2 AND erased_at IS NULL`,
      [programId, email],
    );
    return row ? toMember(row) : null;
  }

  async exportData(programId: string, memberId: string): Promise<MemberDataExport | null> {
    const member = await this.findById(programId, memberId);
    if (!member) return null;
    const cardRows = await this.database.query<CardRow[]>(
      `SELECT * FROM cards WHERE member_id = $1 ORDER BY issued_at, id`,
      [memberId],
    );
    const eventRows = await this.database.query<CardEventRow[]>(
      `SELECT card_events.* FROM card_events JOIN cards ON cards.id = card_events.card_id
        WHERE cards.member_id = $1 ORDER BY occurred_at, card_events.id`,
      [memberId],
    );
    const events = eventRows.map(toCardEvent);
    const pointsHistory = await this.database.query<ExportedPointsMovement[]>(
      `SELECT t.id AS "transactionId", t.kind, e.points, t.occurred_at AS "occurredAt", t.reason,
              t.store_id AS "storeId", t.purchase_id AS "purchaseId",
              t.reverses_transaction_id AS "reversesTransactionId"
         FROM ledger_accounts a
         JOIN journal_entries e ON e.account_id = a.id
         JOIN journal_transactions t ON t.id = e.transaction_id
        WHERE a.member_id = $1
        ORDER BY e.id`,
      [memberId],
    );
    const purchases = await this.database.query<ExportedPurchase[]>(
      `SELECT p.id, p.store_id AS "storeId", p.receipt_id AS "receiptId",
              p.amount_minor AS "amountMinor", p.currency, p.occurred_at AS "occurredAt", p.lines,
              p.points_earned AS "pointsEarned",
              coalesce((SELECT json_agg(json_build_object('amountMinor', f.amount_minor,
                                                          'pointsReversed', f.points_reversed,
                                                          'occurredAt', f.occurred_at)
                                        ORDER BY f.occurred_at)
                          FROM purchase_refunds f WHERE f.purchase_id = p.id), '[]') AS refunds
         FROM purchases p WHERE p.member_id = $1 ORDER BY p.occurred_at, p.id`,
      [memberId],
    );
    const tierHistory = await this.database.query<ExportedTierChange[]>(
      `SELECT from_tier AS "fromTier", to_tier AS "toTier", kind, reason, clv_minor AS "clvMinor",
              changed_at AS "changedAt"
         FROM tier_changes WHERE member_id = $1 ORDER BY changed_at, id`,
      [memberId],
    );
    const surveyAnswers = await this.database.query<ExportedSurveyAnswer[]>(
      `SELECT id, store_id AS "storeId", nps, csat, ces, comment, answered_at AS "answeredAt"
         FROM survey_responses WHERE member_id = $1 ORDER BY answered_at, id`,
      [memberId],
    );
    const vouchers = await this.database.query<ExportedVoucher[]>(
      `SELECT v.id, r.code AS "rewardCode", v.points, v.status, v.created_at AS "claimedAt",
              v.expires_at AS "expiresAt", v.redeemed_at AS "redeemedAt"
         FROM vouchers v JOIN catalog_rewards r ON r.id = v.reward_id
        WHERE v.member_id = $1 ORDER BY v.created_at, v.id`,
      [memberId],
    );
    const referrals = await this.database.query<ExportedReferral[]>(
      `SELECT id, CASE WHEN referrer_member_id = $1 THEN 'referrer' ELSE 'referee' END AS role,
              status, created_at AS "createdAt", settled_at AS "settledAt"
         FROM referrals WHERE referrer_member_id = $1 OR referee_member_id = $1
        ORDER BY created_at, id`,
      [memberId],
    );
    return {
      vouchers,
      referrals,
      member,
      cards: cardRows.map(toCard).map((card) => ({
        ...card,
        events: events.filter((event) => event.cardId === card.id),
      })),
      pointsHistory,
      purchases,
      tierHistory,
      surveyAnswers,
    };
  }

  /**
   * Erases the member's personal data and keeps the anonymous rest: the member id (which the
   * ledger's history refers to), enrolment store and channel, tier. Their cards are blocked, their
   * sessions and sign-in codes end. Erasing twice is a no-op.
   */
  async erase(programId: string, memberId: string, actor: Actor): Promise<Member> {
    return this.database.transaction(async (manager) => {
      const [current] = await manager.query<MemberRow[]>(
        `SELECT * FROM members WHERE id = $1 AND program_id = $2 FOR UPDATE`,
        [memberId, programId],
      );
      if (!current) throw memberNotFound();
      if (current.erased_at) return toMember(current);
      // Its personal data went to the member it was merged into: that member is the one to erase.
      if (current.merged_into_member_id) throw mergedMember(current.merged_into_member_id);
      const [rows] = await manager.query<[MemberRow[], number]>(
        `UPDATE members SET name = NULL, search_name = NULL, email = NULL, phone = NULL,
                acquisition_campaign = NULL,
                marketing_consent = false, marketing_consent_at = NULL,
                erased_at = now(), updated_at = now()
          WHERE id = $1 RETURNING *`,
        [memberId],
      );
      const live = await manager.query<CardRow[]>(
        `SELECT * FROM cards WHERE member_id = $1 AND status IN ('issued', 'active') FOR UPDATE`,
        [memberId],
      );
      for (const card of live) {
        await manager.query(
          `UPDATE cards SET status = 'blocked', block_reason = $2, updated_at = now() WHERE id = $1`,
          [card.id, CardBlockReason.MemberErased],
        );
        await appendCardEvent(manager, {
          cardId: card.id,
          fromStatus: card.status,
          toStatus: CardStatus.Blocked,
          reason: CardBlockReason.MemberErased,
          actor,
        });
      }
      await manager.query(`DELETE FROM member_sign_in_codes WHERE member_id = $1`, [memberId]);
      await manager.query(
        `UPDATE refresh_tokens SET revoked_at = now()
          WHERE subject_kind = 'member' AND subject_id = $1 AND revoked_at IS NULL`,
        [memberId],
      );
      return toMember(rows[0]!);
    });
  }
}
