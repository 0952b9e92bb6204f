import { createHmac, randomInt, randomUUID } from 'node:crypto';
import { RedemptionCodeRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

export const REDEMPTION_CODE_TTL_SECONDS = 120;
export const REDEMPTION_CODE_MAX_ATTEMPTS = 5;
/**
 * Live codes a member holds at once: the app on a second device, or a screen shown again, gets a
 * code of its own without ending the one already shown at a till. Issuing one more retires the
 * oldest. A wrong code counts a failed try against every live code of the member, so guessing is
 * bounded per member, not per code.
 */
export const REDEMPTION_CODES_LIVE_PER_MEMBER = 3;

export interface IssuedRedemptionCode {
  readonly code: string;
  readonly expiresAt: string;
}

/** Keyed by the member, so the same digits for two members never share a hash. */
export const redemptionCodeHash = (memberId: string, code: string): Buffer =>
  createHmac('sha256', memberId).update(code).digest();

/**
 * The member's app asks for a code and shows it (digits and QR) at the till: 8 random digits,
 * valid two minutes, once, five wrong tries; up to three live at once. The printed card number
 * alone never spends points.
 */
@Injectable()
export class IssueRedemptionCodeUseCase {
  constructor(private readonly codes: RedemptionCodeRepository) {}

  async execute(memberId: string): Promise<IssuedRedemptionCode> {
    const code = randomInt(0, 100_000_000).toString().padStart(8, '0');
    const expiresAt = new Date(Date.now() + REDEMPTION_CODE_TTL_SECONDS * 1000);
    await this.codes.issue(
      randomUUID(),
      memberId,
      redemptionCodeHash(memberId, code),
      expiresAt,
      REDEMPTION_CODES_LIVE_PER_MEMBER,
    );
    return { code, expiresAt: expiresAt.toISOString() };
  }
}
