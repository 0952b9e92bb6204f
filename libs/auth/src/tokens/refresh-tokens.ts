import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { DomainError, DomainErrorCode } from '@loyalty/domain';
import { RefreshTokenRepository, type RefreshTokenSubjectKind } from '@loyalty/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mintOpaqueToken, parseOpaqueToken, secretMatches } from './opaque-token';

const TOKEN_KIND = 'rt';

export interface IssuedRefreshToken {
  readonly refreshToken: string;
  readonly familyId: string;
}

const invalidRefreshToken = (): DomainError =>
  new DomainError(
    DomainErrorCode.InvalidCredentials,
    'the refresh token is not valid; sign in again',
    'refreshToken',
  );

/**
 * Rotating refresh tokens. Every sign-in starts a family; every refresh spends the presented
 * token and issues its successor in the same family. A spent token presented again means it was
 * copied: the whole family is revoked, so neither the thief nor the owner can go on with it.
 */
@Injectable()
export class RefreshTokens {
  constructor(
    private readonly tokens: RefreshTokenRepository,
    @Inject(loyaltyConfig.KEY) private readonly config: LoyaltyConfig,
  ) {}

  async issue(
    subjectKind: RefreshTokenSubjectKind,
    subjectId: string,
    familyId: string = randomUUID(),
  ): Promise<IssuedRefreshToken> {
    const minted = mintOpaqueToken(TOKEN_KIND);
    await this.tokens.insert({
      id: minted.id,
      familyId,
      subjectKind,
      subjectId,
      secretHash: minted.secretHash,
      expiresAt: new Date(Date.now() + this.config.auth.refreshTokenTtlSeconds * 1000),
    });
    return { refreshToken: minted.token, familyId };
  }

  /** Spends the token and returns whose it was; the caller issues the successor. */
  async spend(
    subjectKind: RefreshTokenSubjectKind,
    refreshToken: string,
  ): Promise<{ subjectId: string; familyId: string }> {
    const parsed = parseOpaqueToken(TOKEN_KIND, refreshToken);
    if (!parsed) throw invalidRefreshToken();
    const stored = await this.tokens.findById(parsed.id);
    if (!stored || stored.subjectKind !== subjectKind) throw invalidRefreshToken();
    if (!secretMatches(parsed.secret, stored.secretHash)) throw invalidRefreshToken();

    if (await this.tokens.spend(stored.id)) {
      return { subjectId: stored.subjectId, familyId: stored.familyId };
    }
    const current = await this.tokens.findById(stored.id);
    if (current?.spentAt && !current.revokedAt) {
      await this.tokens.revokeFamily(stored.familyId);
      throw new DomainError(
        DomainErrorCode.RefreshTokenReused,
        'this refresh token was already used; every session from that sign-in is now revoked',
        'refreshToken',
      );
    }
    throw invalidRefreshToken();
  }

  /** Signs out one session: its refresh tokens stop working (access tokens lapse on their own). */
  async revokeSession(subjectKind: RefreshTokenSubjectKind, refreshToken: string): Promise<void> {
    const parsed = parseOpaqueToken(TOKEN_KIND, refreshToken);
    const stored = parsed ? await this.tokens.findById(parsed.id) : null;
    if (
      !parsed ||
      !stored ||
      stored.subjectKind !== subjectKind ||
      !secretMatches(parsed.secret, stored.secretHash)
    ) {
      throw invalidRefreshToken();
    }
    await this.tokens.revokeFamily(stored.familyId);
  }

  revokeAllOf(subjectKind: RefreshTokenSubjectKind, subjectId: string): Promise<void> {
    return this.tokens.revokeAllOf(subjectKind, subjectId);
  }
}
