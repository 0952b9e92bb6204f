import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import type { MemberPrincipal, StaffPrincipal, StaffRole } from '@loyalty/domain';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

const ISSUER = 'loyalty';
const ALGORITHM = 'HS256';
export const STAFF_AUDIENCE = 'loyalty:staff';
export const MEMBER_AUDIENCE = 'loyalty:member';

interface StaffClaims {
  sub: string;
  prog: string;
  role: StaffRole;
  store: string | null;
}

interface MemberClaims {
  sub: string;
  prog: string;
}

export interface IssuedAccessToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

/**
 * Short-lived JWT access tokens. Staff and members have separate secrets and audiences, and the
 * algorithm is pinned, so a member token can never pass as a staff token (nor `alg: none`).
 */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly jwt: JwtService,
    @Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig,
  ) {}

  private get ttl(): number {
    return this.config.auth.accessTokenTtlSeconds;
  }

  async issueForStaff(staff: Omit<StaffPrincipal, 'kind'>): Promise<IssuedAccessToken> {
    const claims: StaffClaims = {
      sub: staff.staffId,
      prog: staff.programId,
      role: staff.role,
      store: staff.storeId,
    };
    const accessToken = await this.jwt.signAsync(claims, {
      secret: this.config.auth.staffTokenSecret,
      algorithm: ALGORITHM,
      audience: STAFF_AUDIENCE,
      issuer: ISSUER,
      expiresIn: this.ttl,
    });
    return { accessToken, expiresIn: this.ttl };
  }

  async issueForMember(member: Omit<MemberPrincipal, 'kind'>): Promise<IssuedAccessToken> {
    const claims: MemberClaims = { sub: member.memberId, prog: member.programId };
    const accessToken = await this.jwt.signAsync(claims, {
      secret: this.config.auth.memberTokenSecret,
      algorithm: ALGORITHM,
      audience: MEMBER_AUDIENCE,
      issuer: ISSUER,
      expiresIn: this.ttl,
    });
    return { accessToken, expiresIn: this.ttl };
  }

  /** The principal the token proves, or null when it is not a valid token of either kind. */
  async verify(token: string): Promise<StaffPrincipal | MemberPrincipal | null> {
    const staff = await this.verifyWith<StaffClaims>(
      token,
      this.config.auth.staffTokenSecret,
      STAFF_AUDIENCE,
    );
    if (staff) {
      return {
        kind: 'staff',
        staffId: staff.sub,
        programId: staff.prog,
        role: staff.role,
        storeId: staff.store,
      };
    }
    const member = await this.verifyWith<MemberClaims>(
      token,
      this.config.auth.memberTokenSecret,
      MEMBER_AUDIENCE,
    );
    return member ? { kind: 'member', memberId: member.sub, programId: member.prog } : null;
  }

  private async verifyWith<T extends object>(
    token: string,
    secret: string,
    audience: string,
  ): Promise<T | null> {
    try {
      return await this.jwt.verifyAsync<T>(token, {
        secret,
        algorithms: [ALGORITHM],
        audience,
        issuer: ISSUER,
      });
    } catch {
      return null;
    }
  }
}
