import { AccessTokens, PasswordHasher, RateLimit, RateLimited, RefreshTokens } from '@loyalty/auth';
import { DomainError, DomainErrorCode, normaliseEmail, type StaffMember } from '@loyalty/domain';
import { StaffRepository } from '@loyalty/persistence';
import { ProblemDetails, PublicRoute } from '@loyalty/platform';
import { Body, Controller, HttpCode, Injectable, Post } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, Matches } from 'class-validator';
import { RefreshSessionRequest, SessionTokensResponse } from '../common/session.responses';
import { StaffResponse } from '../staff/staff.responses';

export class StaffSignInRequest {
  @ApiProperty({ example: 'admin@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 200)
  password!: string;

  @ApiPropertyOptional({
    example: 'DEMO',
    description:
      'The program to sign in to; needed only when the email and password open accounts in several programs.',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'programCode must be a program code' })
  programCode?: string;
}

export class StaffSessionResponse extends SessionTokensResponse {
  @ApiProperty({ type: StaffResponse })
  staff!: StaffResponse;
}

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

@ApiTags('staff sign-in')
@PublicRoute()
@Controller({ path: 'staff/sessions', version: '1' })
export class StaffSessionsController {
  constructor(private readonly sessions: StaffSessionsUseCase) {}

  @Post()
  @HttpCode(200)
  @RateLimited(RateLimit.SignInByAddress, RateLimit.SignInByAccount)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiOkResponse({ type: StaffSessionResponse })
  @ApiUnauthorizedResponse({ type: ProblemDetails })
  signIn(@Body() body: StaffSignInRequest): Promise<StaffSessionResponse> {
    return this.sessions.signIn(body.email, body.password, body.programCode);
  }

  @Post('refresh')
  @HttpCode(200)
  @RateLimited(RateLimit.SignInByAddress)
  @ApiOperation({ summary: 'Swap a refresh token for new tokens' })
  @ApiOkResponse({ type: StaffSessionResponse })
  @ApiUnauthorizedResponse({ type: ProblemDetails })
  refresh(@Body() body: RefreshSessionRequest): Promise<StaffSessionResponse> {
    return this.sessions.refresh(body.refreshToken);
  }

  @Post('revocation')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: the session’s refresh tokens stop working' })
  @ApiNoContentResponse()
  signOut(@Body() body: RefreshSessionRequest): Promise<void> {
    return this.sessions.signOut(body.refreshToken);
  }
}
