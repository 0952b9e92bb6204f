import type { LedgerEvent, ReferralRefusal, ReferralStatus } from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database } from '../../database';
import { referralCodeOf } from './referrals';

/** A referral as its referrer sees it: who, when, and where it stands. */
export interface ReferralRecord {
  readonly id: string;
  readonly refereeMemberId: string;
  /** The referee's address with most of it hidden (a***@example.com); null once erased. */
  readonly refereeEmail: string | null;
  readonly status: ReferralStatus;
  readonly refusalReason: ReferralRefusal | null;
  readonly createdAt: Date;
  readonly settledAt: Date | null;
}

export type ReferralSettlement =
  | { readonly outcome: 'rewarded'; readonly memberIds: readonly string[] }
  | { readonly outcome: 'refused' }
  | { readonly outcome: 'not_yet' };

/**
 * The first purchase of the referee that qualifies (at least the program's minimum, earning
 * points): the one whose return window the referral waits for.
 */
const FIRST_QUALIFYING_PURCHASE = `
  SELECT pu.id, pu.earn_transaction_id,
         EXISTS (SELECT 1 FROM purchase_refunds f WHERE f.purchase_id = pu.id) AS refunded,
         EXISTS (SELECT 1 FROM lots l WHERE l.credited_by_transaction_id = pu.earn_transaction_id
                                        AND l.available_from > $2) AS returnable
    FROM purchases pu
   WHERE pu.member_id = r.referee_member_id AND pu.amount_minor >= p.referral_min_purchase_minor
     AND pu.points_earned > 0
   ORDER BY pu.occurred_at, pu.id
   LIMIT 1`;

/** An outbox event of the settlement, in its transaction: the relay publishes it. */
async function writeEvent(
  manager: EntityManager,
  programId: string,
  memberId: string,
  event: Pick<
    Extract<LedgerEvent, { type: 'referral.rewarded' | 'referral.refused' }>,
    'type' | 'payload'
  >,
): Promise<void> {
  await manager.query(
    `INSERT INTO outbox_events (program_id, member_id, type, payload) VALUES ($1, $2, $3, $4)`,
    [programId, memberId, event.type, JSON.stringify(event.payload)],
  );
}

/** Referral codes, who each member referred, and settling referrals once they qualify. */
@Injectable()
export class ReferralRepository {
  constructor(private readonly database: Database) {}

  /** The member's code, given on first ask. */
  codeOf(programId: string, memberId: string): Promise<string | null> {
    return this.database.transaction((manager) => referralCodeOf(manager, programId, memberId));
  }

  async referralsOf(memberId: string): Promise<ReferralRecord[]> {
    return this.database.query<ReferralRecord[]>(
      `SELECT r.id, r.referee_member_id AS "refereeMemberId",
              CASE WHEN m.email IS NULL THEN NULL
                   ELSE left(m.email, 1) || '***@' || split_part(m.email, '@', 2) END
                AS "refereeEmail",
              r.status, r.refusal_reason AS "refusalReason", r.created_at AS "createdAt",
              r.settled_at AS "settledAt"
         FROM referrals r JOIN members m ON m.id = r.referee_member_id
        WHERE r.referrer_member_id = $1
        ORDER BY r.created_at DESC, r.id DESC LIMIT 500`,
      [memberId],
    );
  }

  /** Pending referrals whose referee's first qualifying purchase is past its window, or refunded. */
  due(
    asOf: Date,
    programId: string | null,
    limit: number,
  ): Promise<{ referralId: string; programId: string }[]> {
    return this.database.query(
      `SELECT r.id AS "referralId", r.program_id AS "programId"
         FROM referrals r
         JOIN programs p ON p.id = r.program_id
         CROSS JOIN LATERAL (${FIRST_QUALIFYING_PURCHASE}) first
        WHERE r.status = 'pending' AND ($1::uuid IS NULL OR r.program_id = $1)
          AND (first.refunded OR NOT first.returnable)
        ORDER BY r.created_at LIMIT $3`,
      [programId, asOf.toISOString(), limit],
    );
  }

  /**
   * Settles one pending referral under its row's lock: refused when the qualifying purchase was
   * refunded; otherwise rewarded, with a reward grant for each side the policy pays (keyed by the
   * referral, so never twice), which the ledger then pays under the grant's id.
   */
  settle(referralId: string, asOf: Date): Promise<ReferralSettlement> {
    return this.database.transaction(async (manager) => {
      const [row] = await manager.query<
        {
          programId: string;
          referrerId: string;
          refereeId: string;
          purchaseId: string | null;
          refunded: boolean | null;
          returnable: boolean | null;
          referrerPoints: number;
          refereePoints: number;
          referrerLive: boolean;
        }[]
      >(
        `SELECT r.program_id AS "programId", r.referrer_member_id AS "referrerId",
                r.referee_member_id AS "refereeId", first.id AS "purchaseId", first.refunded,
                first.returnable, p.referral_referrer_points AS "referrerPoints",
                p.referral_referee_points AS "refereePoints",
                (ref.erased_at IS NULL AND ref.merged_into_member_id IS NULL) AS "referrerLive"
           FROM referrals r
           JOIN programs p ON p.id = r.program_id
           JOIN members ref ON ref.id = r.referrer_member_id
           LEFT JOIN LATERAL (${FIRST_QUALIFYING_PURCHASE}) first ON true
          WHERE r.id = $1 AND r.status = 'pending'
            FOR UPDATE OF r`,
        [referralId, asOf.toISOString()],
      );
      if (!row?.purchaseId || (row.returnable && !row.refunded)) return { outcome: 'not_yet' };
      if (row.refunded) {
        await manager.query(
          `UPDATE referrals SET status = 'refused', refusal_reason = 'first_purchase_refunded',
                  qualifying_purchase_id = $2, settled_at = now()
            WHERE id = $1`,
          [referralId, row.purchaseId],
        );
        await writeEvent(manager, row.programId, row.referrerId, {
          type: 'referral.refused',
          payload: {
            referralId,
            referrerMemberId: row.referrerId,
            refereeMemberId: row.refereeId,
            reason: 'first_purchase_refunded',
          },
        });
        return { outcome: 'refused' };
      }
      const sides = [
        {
          memberId: row.referrerId,
          points: row.referrerPoints,
          side: 'referrer',
          live: row.referrerLive,
        },
        { memberId: row.refereeId, points: row.refereePoints, side: 'referee', live: true },
      ].filter((side) => side.points > 0 && side.live);
      for (const side of sides) {
        await manager.query(
          `INSERT INTO reward_grants (id, program_id, member_id, kind, grant_key, points, reason)
           VALUES (gen_random_uuid(), $1, $2, 'referral', $3, $4, $5)
           ON CONFLICT (member_id, grant_key) DO NOTHING`,
          [
            row.programId,
            side.memberId,
            `referral:${referralId}:${side.side}`,
            side.points,
            side.side === 'referrer'
              ? 'a friend you referred made their first purchase'
              : 'welcome: you joined through a friend',
          ],
        );
      }
      await manager.query(
        `UPDATE referrals SET status = 'rewarded', qualifying_purchase_id = $2, settled_at = now()
          WHERE id = $1`,
        [referralId, row.purchaseId],
      );
      await writeEvent(manager, row.programId, row.referrerId, {
        type: 'referral.rewarded',
        payload: {
          referralId,
          referrerMemberId: row.referrerId,
          refereeMemberId: row.refereeId,
          purchaseId: row.purchaseId,
        },
      });
      return { outcome: 'rewarded', memberIds: sides.map((side) => side.memberId) };
    });
  }

  /** Members with a referral bonus granted and not yet paid (a run stopped between the two). */
  owedReferralBonuses(
    programId: string | null,
  ): Promise<{ programId: string; memberId: string }[]> {
    return this.database.query(
      `SELECT DISTINCT g.program_id AS "programId", g.member_id AS "memberId"
         FROM reward_grants g
        WHERE g.kind = 'referral' AND g.paid_at IS NULL
          AND ($1::uuid IS NULL OR g.program_id = $1)`,
      [programId],
    );
  }
}
