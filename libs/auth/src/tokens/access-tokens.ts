import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import type { MemberPrincipal, StaffPrincipal, StaffRole } from '@loyalty/domain';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService, type JwtVerifyOptions } from '@nestjs/jwt';
import { createSecretKey, type KeyObject } from 'node:crypto';

const ISSUER = 'loyalty';
const ALGORITHM = 'HS256';
export const STAFF_AUDIENCE = 'loyalty:staff';
export const MEMBER_AUDIENCE = 'loyalty:member';

interface StaffClaims {
  sub: string;
  prog: string;
  role: StaffRole;
  store: string | null;
  /** The session (refresh-token family); absent from tokens issued before sessions were bound. */
  sid?: string;
}

interface MemberClaims {
  sub: string;
  prog: string;
  sid?: string;
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
  private secretKeys?: { staff: KeyObject; member: KeyObject };

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
      ...(staff.sessionId ? { sid: staff.sessionId } : {}),
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
    const claims: MemberClaims = {
      sub: member.memberId,
      prog: member.programId,
      ...(member.sessionId ? { sid: member.sessionId } : {}),
    };
    const accessToken = await this.jwt.signAsync(claims, {
      secret: this.config.auth.memberTokenSecret,
      algorithm: ALGORITHM,
      audience: MEMBER_AUDIENCE,
      issuer: ISSUER,
      expiresIn: this.ttl,
    });
    return { accessToken, expiresIn: this.ttl };
  }

  /**
   * The principal the token proves, or null when it is not a valid token of either kind. The
   * unverified audience only picks which secret to check against: a token claiming the other
   * audience fails that check, so routing on it grants nothing, and a member's token is no longer
   * tried (and refused, at the price of an exception) as a staff token first.
   */
  async verify(token: string): Promise<StaffPrincipal | MemberPrincipal | null> {
    const audience = this.unverifiedAudience(token);
    if (audience === STAFF_AUDIENCE) {
      const staff = await this.verifyWith<StaffClaims>(token, this.keys.staff, STAFF_AUDIENCE);
      return staff
        ? {
            kind: 'staff',
            staffId: staff.sub,
            programId: staff.prog,
            role: staff.role,
            storeId: staff.store,
            ...(staff.sid ? { sessionId: staff.sid } : {}),
          }
        : null;
    }
    if (audience === MEMBER_AUDIENCE) {
      const member = await this.verifyWith<MemberClaims>(token, this.keys.member, MEMBER_AUDIENCE);
      return member
        ? {
            kind: 'member',
            memberId: member.sub,
            programId: member.prog,
            ...(member.sid ? { sessionId: member.sid } : {}),
          }
        : null;
    }
    return null;
  }

  private unverifiedAudience(token: string): unknown {
    try {
      const payload: unknown = this.jwt.decode(token);
      return typeof payload === 'object' && payload !== null && 'aud' in payload
        ? payload.aud
        : null;
    } catch {
      return null;
    }
  }

  /**
   * The secrets as key objects, made once: given a string, jsonwebtoken first tries to parse it as
   * a public key on every call and builds a secret key only after that throws.
   */
  private get keys(): { staff: KeyObject; member: KeyObject } {
    this.secretKeys ??= {
      staff: createSecretKey(Buffer.from(this.config.auth.staffTokenSecret)),
      member: createSecretKey(Buffer.from(this.config.auth.memberTokenSecret)),
    };
    return this.secretKeys;
  }

  private async verifyWith<T extends object>(
    token: string,
    key: KeyObject,
    audience: string,
  ): Promise<T | null> {
    // @nestjs/jwt hands the secret to jsonwebtoken unchanged, which takes a KeyObject; the
    // option's type only names strings and buffers.
    const secret = key as unknown as JwtVerifyOptions['secret'];
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
