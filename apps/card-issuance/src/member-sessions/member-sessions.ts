import { AccessTokens, RateLimit, RateLimited, RefreshTokens } from '@loyalty/auth';
import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { DomainError, DomainErrorCode, normaliseEmail } from '@loyalty/domain';
import {
  MemberRepository,
  MemberSignInCodeRepository,
  ProgramRepository,
} from '@loyalty/persistence';
import { ProblemDetails, PublicRoute } from '@loyalty/platform';
import { Body, Controller, HttpCode, Inject, Injectable, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsEmail, Matches } from 'class-validator';
import { createHmac, hkdfSync, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { RefreshSessionRequest, SessionTokensResponse } from '../common/session.response';
import { SignInCodeDelivery } from './sign-in-code-delivery';

const CODE_TTL_MS = 10 * 60 * 1000;
const MAX_ATTEMPTS = 5;

export class SignInCodeRequest {
  @ApiProperty({ example: 'DEMO', description: 'The program the app belongs to.' })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'programCode must be a program code' })
  programCode!: string;

  @ApiProperty({ example: 'ada@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;
}

export class MemberSignInRequest extends SignInCodeRequest {
  @ApiProperty({ example: '042817', description: 'The six digits that were sent.' })
  @Matches(/^[0-9]{6}$/, { message: 'code must be the six digits that were sent' })
  code!: string;
}

export class SignInCodeAcceptedResponse {
  @ApiProperty({ example: 600, description: 'How long a code is valid, in seconds.' })
  expiresIn!: number;
}

const wrongCode = (): DomainError =>
  new DomainError(
    DomainErrorCode.InvalidCredentials,
    'the code is wrong or has expired; request a new one',
    'code',
  );

/**
 * Passwordless sign-in for members: a six-digit code sent to their email, valid ten minutes, five
 * tries. Members are enrolled by staff and never choose a password, so the code doubles as proof
 * that they own the address. See docs/decisions/0004-authentication.md.
 */
@Injectable()
export class MemberSessionsUseCase {
  private readonly codeKey: Buffer;

  constructor(
    private readonly programs: ProgramRepository,
    private readonly members: MemberRepository,
    private readonly codes: MemberSignInCodeRepository,
    private readonly accessTokens: AccessTokens,
    private readonly refreshTokens: RefreshTokens,
    private readonly delivery: SignInCodeDelivery,
    private readonly logger: PinoLogger,
    @Inject(loyaltyConfig.KEY) config: LoyaltyConfig,
  ) {
    this.logger.setContext(MemberSessionsUseCase.name);
    // Codes are stored as an HMAC: six digits hashed plainly would fall to a million guesses.
    this.codeKey = Buffer.from(
      hkdfSync('sha256', config.auth.memberTokenSecret, '', 'member-sign-in-code', 32),
    );
  }

  /** Always the same answer, whether or not the email belongs to a member. */
  async requestCode(programCode: string, email: string): Promise<SignInCodeAcceptedResponse> {
    const program = await this.programs.findByCode(programCode);
    const member = program
      ? await this.members.findByEmail(program.id, normaliseEmail(email))
      : null;
    if (program && member?.email) {
      const code = String(randomInt(1_000_000)).padStart(6, '0');
      const expiresAt = new Date(Date.now() + CODE_TTL_MS);
      await this.codes.replace({
        id: randomUUID(),
        memberId: member.id,
        codeHash: this.hash(member.id, code),
        expiresAt,
      });
      // Not awaited: the response must not take longer for an existing member than for no one.
      this.delivery
        .deliver({
          channel: 'email',
          to: member.email,
          code,
          expiresAt: expiresAt.toISOString(),
          programName: program.name,
        })
        .catch((error: unknown) =>
          this.logger.error({ err: error, memberId: member.id }, 'sign-in code not delivered'),
        );
    }
    return { expiresIn: CODE_TTL_MS / 1000 };
  }

  async signIn(programCode: string, email: string, code: string): Promise<SessionTokensResponse> {
    const program = await this.programs.findByCode(programCode);
    const member = program
      ? await this.members.findByEmail(program.id, normaliseEmail(email))
      : null;
    if (!program || !member) throw wrongCode();
    const stored = await this.codes.attempt(member.id, MAX_ATTEMPTS);
    const expected = this.hash(member.id, code);
    if (!stored || !timingSafeEqual(stored.codeHash, expected)) throw wrongCode();
    if (!(await this.codes.consume(stored.id))) throw wrongCode();
    const refresh = await this.refreshTokens.issue('member', member.id);
    return this.session(member.id, program.id, refresh);
  }

  async refresh(refreshToken: string): Promise<SessionTokensResponse> {
    const spent = await this.refreshTokens.spend('member', refreshToken);
    const programId = await this.programOfMember(spent.subjectId);
    const next = await this.refreshTokens.issue('member', spent.subjectId, spent.familyId);
    return this.session(spent.subjectId, programId, next);
  }

  signOut(refreshToken: string): Promise<void> {
    return this.refreshTokens.revokeSession('member', refreshToken);
  }

  private async programOfMember(memberId: string): Promise<string> {
    const programId = await this.members.programOf(memberId);
    if (!programId) throw wrongCode();
    return programId;
  }

  private hash(memberId: string, code: string): Buffer {
    return createHmac('sha256', this.codeKey).update(`${memberId}:${code}`).digest();
  }

  private async session(
    memberId: string,
    programId: string,
    refresh: { refreshToken: string; familyId: string },
  ): Promise<SessionTokensResponse> {
    const access = await this.accessTokens.issueForMember({
      memberId,
      programId,
      sessionId: refresh.familyId,
    });
    return { ...access, tokenType: 'Bearer', refreshToken: refresh.refreshToken };
  }
}

@ApiTags('member sign-in')
@PublicRoute()
@Controller({ path: 'member-sessions', version: '1' })
export class MemberSessionsController {
  constructor(private readonly sessions: MemberSessionsUseCase) {}

  @Post('codes')
  @HttpCode(202)
  @RateLimited(RateLimit.SignInByAddress, RateLimit.SignInByAccount)
  @ApiOperation({ summary: 'Send a sign-in code to the member’s email' })
  @ApiAcceptedResponse({
    type: SignInCodeAcceptedResponse,
    description: 'The same answer whether or not the email is enrolled.',
  })
  requestCode(@Body() body: SignInCodeRequest): Promise<SignInCodeAcceptedResponse> {
    return this.sessions.requestCode(body.programCode, body.email);
  }

  @Post()
  @HttpCode(200)
  @RateLimited(RateLimit.SignInByAddress, RateLimit.SignInByAccount)
  @ApiOperation({ summary: 'Sign in with the code' })
  @ApiOkResponse({ type: SessionTokensResponse })
  @ApiUnauthorizedResponse({ type: ProblemDetails })
  signIn(@Body() body: MemberSignInRequest): Promise<SessionTokensResponse> {
    return this.sessions.signIn(body.programCode, body.email, body.code);
  }

  @Post('refresh')
  @HttpCode(200)
  @RateLimited(RateLimit.SignInByAddress)
  @ApiOperation({ summary: 'Swap a refresh token for new tokens' })
  @ApiOkResponse({ type: SessionTokensResponse })
  @ApiUnauthorizedResponse({ type: ProblemDetails })
  refresh(@Body() body: RefreshSessionRequest): Promise<SessionTokensResponse> {
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
