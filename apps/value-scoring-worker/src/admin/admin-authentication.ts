import { AccessTokens, PasswordHasher } from '@loyalty/auth';
import { normaliseEmail, StaffRole } from '@loyalty/domain';
import { StaffRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';

export type AdminVerdict = 'admin' | 'not-admin' | 'unauthenticated';

/** Basic credentials that verified stay good this long: the board polls, argon2id is slow. */
const BASIC_CACHE_MS = 60_000;

/**
 * Who may use the worker's admin tools (the queue board, failed jobs): program admins, with a
 * staff access token (`Authorization: Bearer`, for scripts) or their email and password
 * (`Authorization: Basic`, which a browser asks for on the board).
 */
@Injectable()
export class AdminAuthentication {
  private readonly verifiedBasic = new Map<string, number>();

  constructor(
    private readonly accessTokens: AccessTokens,
    private readonly staff: StaffRepository,
    private readonly passwords: PasswordHasher,
  ) {}

  async check(authorization: string | undefined): Promise<AdminVerdict> {
    const [scheme, credential] = (authorization ?? '').split(' ');
    if (!scheme || !credential) return 'unauthenticated';
    if (scheme.toLowerCase() === 'bearer') {
      const principal = await this.accessTokens.verify(credential);
      if (!principal) return 'unauthenticated';
      return principal.kind === 'staff' && principal.role === StaffRole.Admin
        ? 'admin'
        : 'not-admin';
    }
    if (scheme.toLowerCase() !== 'basic') return 'unauthenticated';
    const fingerprint = createHash('sha256').update(credential).digest('hex');
    if ((this.verifiedBasic.get(fingerprint) ?? 0) > Date.now()) return 'admin';
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    if (separator < 1) return 'unauthenticated';
    const found = await this.staff.findByEmail(normaliseEmail(decoded.slice(0, separator)));
    const valid = await this.passwords.verify(
      decoded.slice(separator + 1),
      found?.passwordHash ?? null,
    );
    if (!found || !valid || found.staff.disabledAt) return 'unauthenticated';
    if (found.staff.role !== StaffRole.Admin) return 'not-admin';
    this.verifiedBasic.set(fingerprint, Date.now() + BASIC_CACHE_MS);
    return 'admin';
  }
}
