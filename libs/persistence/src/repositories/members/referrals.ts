import {
  canonicalReferralCode,
  DomainError,
  DomainErrorCode,
  mailboxOf,
  newReferralCode,
  type Program,
  startOfPeriod,
} from '@loyalty/domain';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ColumnsOf } from '../../schema/rows';
import { violatedUniqueConstraint } from '../../unique-violation';

const refused = (refusal: 'self_referral' | 'referrer_cap' | 'referrals_off', detail: string) =>
  new DomainError(DomainErrorCode.ReferralNotAllowed, detail, 'referralCode', {
    refusals: [refusal],
  });

/** The member a referral code names, locked: its referrals are counted against its cap. */
export async function lockReferrerWithin(
  manager: EntityManager,
  program: Program,
  code: string,
  referee: { readonly email: string | null; readonly phone: string | null },
): Promise<string> {
  const [referrer] = await manager.query<ColumnsOf<'members', 'id' | 'email' | 'phone'>[]>(
    `SELECT id, email, phone FROM members
      WHERE program_id = $1 AND referral_code = $2
        AND erased_at IS NULL AND merged_into_member_id IS NULL
        FOR UPDATE`,
    [program.id, canonicalReferralCode(code)],
  );
  if (!referrer) {
    throw new DomainError(
      DomainErrorCode.ReferralCodeUnknown,
      'no member of the program shares this referral code',
      'referralCode',
    );
  }
  const policy = program.referralPolicy;
  if (policy.capPerReferrer === 0) {
    throw refused('referrals_off', 'the program takes no referrals');
  }
  if (
    (referee.email && referrer.email && mailboxOf(referee.email) === mailboxOf(referrer.email)) ||
    (referee.phone && referee.phone === referrer.phone)
  ) {
    throw refused('self_referral', 'a member cannot refer themselves, under any address');
  }
  const since = startOfPeriod(new Date(), policy.capPeriod, program.timezone);
  const [counted] = await manager.query<{ referrals: number }[]>(
    `SELECT count(*)::int AS referrals FROM referrals
      WHERE referrer_member_id = $1 AND ($2::timestamptz IS NULL OR created_at >= $2)`,
    [referrer.id, since?.toISOString() ?? null],
  );
  if ((counted?.referrals ?? 0) >= policy.capPerReferrer) {
    throw refused(
      'referrer_cap',
      `this code brought its ${policy.capPerReferrer} referrals for the ${policy.capPeriod}`,
    );
  }
  return referrer.id;
}

export async function insertReferralWithin(
  manager: EntityManager,
  programId: string,
  referrerId: string,
  refereeId: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO referrals (id, program_id, referrer_member_id, referee_member_id)
     VALUES ($1, $2, $3, $4)`,
    [randomUUID(), programId, referrerId, refereeId],
  );
}

/** The member's referral code, given on first ask (a fresh one on the rare collision). */
export async function referralCodeOf(
  manager: EntityManager,
  programId: string,
  memberId: string,
): Promise<string | null> {
  for (;;) {
    try {
      // An UPDATE … RETURNING answers its rows and how many it changed.
      const [rows] = await manager.query<[ColumnsOf<'members', 'referral_code'>[], number]>(
        `UPDATE members SET referral_code = coalesce(referral_code, $3)
          WHERE id = $1 AND program_id = $2 RETURNING referral_code`,
        [memberId, programId, newReferralCode()],
      );
      return rows[0]?.referral_code ?? null;
    } catch (error) {
      if (violatedUniqueConstraint(error) !== 'members_program_id_referral_code_key') throw error;
    }
  }
}
