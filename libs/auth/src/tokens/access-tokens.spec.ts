import type { LoyaltyConfig } from '@loyalty/config';
import { StaffRole } from '@loyalty/domain';
import { JwtService } from '@nestjs/jwt';
import { AccessTokens, MEMBER_AUDIENCE, STAFF_AUDIENCE } from './access-tokens';

const STAFF_SECRET = 'staff-secret-for-this-spec-only-0123456789';
const MEMBER_SECRET = 'member-secret-for-this-spec-only-0123456789';

const config = {
  auth: {
    staffTokenSecret: STAFF_SECRET,
    memberTokenSecret: MEMBER_SECRET,
    accessTokenTtlSeconds: 900,
  },
} as unknown as LoyaltyConfig;

describe('AccessTokens', () => {
  const jwt = new JwtService();
  const tokens = new AccessTokens(jwt, config);
  const staff = { staffId: 's-1', programId: 'p-1', role: StaffRole.Manager, storeId: null };
  const member = { memberId: 'm-1', programId: 'p-1' };

  it('verifies a staff token as staff and a member token as a member', async () => {
    const staffToken = (await tokens.issueForStaff(staff)).accessToken;
    const memberToken = (await tokens.issueForMember(member)).accessToken;

    await expect(tokens.verify(staffToken)).resolves.toEqual({ kind: 'staff', ...staff });
    await expect(tokens.verify(memberToken)).resolves.toEqual({ kind: 'member', ...member });
  });

  it.each([
    ['staff audience, member secret', STAFF_AUDIENCE, MEMBER_SECRET],
    ['member audience, staff secret', MEMBER_AUDIENCE, STAFF_SECRET],
    ['an unknown audience', 'loyalty:other', STAFF_SECRET],
  ])('refuses a token with %s', async (_case, audience, secret) => {
    const forged = await jwt.signAsync(
      { sub: 's-1', prog: 'p-1', role: 'admin', store: null },
      { secret, algorithm: 'HS256', audience, issuer: 'loyalty', expiresIn: 60 },
    );
    await expect(tokens.verify(forged)).resolves.toBeNull();
  });

  it('refuses an unsigned token, another issuer, an expired token and garbage', async () => {
    const claims = { sub: 'm-1', prog: 'p-1', aud: MEMBER_AUDIENCE, iss: 'loyalty' };
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
    const otherIssuer = await jwt.signAsync(
      { sub: 'm-1', prog: 'p-1' },
      { secret: MEMBER_SECRET, audience: MEMBER_AUDIENCE, issuer: 'elsewhere', expiresIn: 60 },
    );
    const expired = await jwt.signAsync(
      { sub: 'm-1', prog: 'p-1', exp: Math.floor(Date.now() / 1000) - 10 },
      { secret: MEMBER_SECRET, audience: MEMBER_AUDIENCE, issuer: 'loyalty' },
    );

    for (const token of [unsigned, otherIssuer, expired, 'not-a-token', 'a.b.c', '']) {
      await expect(tokens.verify(token)).resolves.toBeNull();
    }
  });
});
