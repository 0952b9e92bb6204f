import {
  DomainError,
  DomainErrorCode,
  type MemberPrincipal,
  type StaffPrincipal,
} from '@loyalty/domain';
import { RefreshTokenRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

/**
 * An access token ends with what it stood for, not only at its expiry: an erased member, a
 * disabled staff member, a signed-out session, or one revoked by a change of role, store or
 * password is refused on its next request. The database is the truth; one indexed read.
 */
@Injectable()
export class AccessRevocation {
  constructor(private readonly sessions: RefreshTokenRepository) {}

  async refuseRevoked(principal: StaffPrincipal | MemberPrincipal): Promise<void> {
    const subjectId = principal.kind === 'member' ? principal.memberId : principal.staffId;
    const { subjectLive, sessionLive } = await this.sessions.accessStillValid(
      principal.kind,
      subjectId,
      principal.sessionId ?? null,
    );
    if (!subjectLive && principal.kind === 'member') {
      throw new DomainError(DomainErrorCode.MemberErased, 'this member erased their data');
    }
    if (!subjectLive || !sessionLive) {
      throw new DomainError(
        DomainErrorCode.InvalidCredentials,
        'this session was signed out or revoked: sign in again',
      );
    }
  }
}
