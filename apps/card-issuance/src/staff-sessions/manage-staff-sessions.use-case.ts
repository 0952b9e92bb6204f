import { AccessTokens, PasswordHasher, RefreshTokens } from '@loyalty/auth';
import { DomainError, DomainErrorCode, normaliseEmail, type StaffMember } from '@loyalty/domain';
import { StaffRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { StaffResponse } from '../staff/staff.responses';
import type { StaffSessionResponse } from './staff-sessions.responses';

const wrongCredentials = (): DomainError =>
  new DomainError(DomainErrorCode.InvalidCredentials, 'the email or password is wrong');

@Injectable()
export class StaffSessionsUseCase {
  constructor(
    private readonly staff: StaffRepository,
    private readonly passwords: PasswordHasher,
    private readonly accessTokens: AccessTokens,
    private readonly refreshTokens: RefreshTokens,
  ) {}

  /** The same answer, in about the same time, for an unknown email, a wrong password or a
   * disabled account: sign-in does not reveal which accounts exist. */
  async signIn(
    email: string,
    password: string,
    programCode?: string,
  ): Promise<StaffSessionResponse> {
    const accounts = await this.staff.findByEmail(normaliseEmail(email), programCode);
    const opened: StaffMember[] = [];
    // At least one verification, against a dummy hash when there is no account, so that an
    // unknown email takes as long as a wrong password.
    for (const account of accounts.length > 0 ? accounts : [null]) {
      const valid = await this.passwords.verify(password, account?.passwordHash ?? null);
      if (account && valid && !account.staff.disabledAt) opened.push(account.staff);
    }
    const [staff, ...others] = opened;
    if (!staff) throw wrongCredentials();
    if (others.length > 0) {
      throw new DomainError(
        DomainErrorCode.InvalidCredentials,
        'this email and password open accounts in several programs: send programCode too',
        'programCode',
      );
    }
    const refresh = await this.refreshTokens.issue('staff', staff.id);
    return this.session(staff, refresh);
  }

  async refresh(refreshToken: string): Promise<StaffSessionResponse> {
    const spent = await this.refreshTokens.spend('staff', refreshToken);
    const staff = await this.staff.findByIdInAnyProgram(spent.subjectId);
    if (!staff || staff.disabledAt) {
      await this.refreshTokens.revokeAllOf('staff', spent.subjectId);
      throw wrongCredentials();
    }
    const next = await this.refreshTokens.issue('staff', staff.id, spent.familyId);
    return this.session(staff, next);
  }

  signOut(refreshToken: string): Promise<void> {
    return this.refreshTokens.revokeSession('staff', refreshToken);
  }

  private async session(
    staff: StaffMember,
    refresh: { refreshToken: string; familyId: string },
  ): Promise<StaffSessionResponse> {
    const access = await this.accessTokens.issueForStaff({
      staffId: staff.id,
      programId: staff.programId,
      role: staff.role,
      storeId: staff.storeId,
      sessionId: refresh.familyId,
    });
    return {
      ...access,
      tokenType: 'Bearer',
      refreshToken: refresh.refreshToken,
      staff: StaffResponse.from(staff),
    };
  }
}
