import { AccessTokens, FailureLockOut, type LockOutPolicy, RefreshTokens } from '@loyalty/auth';
import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import {
  DomainError,
  DomainErrorCode,
  normaliseEmail,
  normalisePhone,
  type Program,
} from '@loyalty/domain';
import {
  MemberRepository,
  MemberSignInCodeRepository,
  ProgramRepository,
} from '@loyalty/persistence';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  createHash,
  createHmac,
  hkdfSync,
  randomInt,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import type { SessionTokensResponse } from '../common/session.responses';
import type { SignInCodeAcceptedResponse } from './member-sessions.responses';
import { SignInCodeDelivery } from './sign-in-code-delivery';

const CODE_TTL_MS = 10 * 60 * 1000;
const MAX_ATTEMPTS = 5;
const HOUR_MS = 60 * 60 * 1000;

/** The account a code is for, known or not, without the address itself in a Redis key. */
/** Where a member asks for their sign-in code: the email or the phone they enrolled with. */
export type SignInAddress = { readonly email: string } | { readonly phone: string };

/** The address in the one form the program stores it: lower-case email, E.164 phone. */
function normalisedAddress(program: Program | null, address: SignInAddress): string {
  if ('email' in address) return normaliseEmail(address.email);
  const phone = normalisePhone(address.phone, program?.phoneRegion ?? null);
  if (!phone) {
    throw new DomainError(
      DomainErrorCode.InvalidPhoneNumber,
      'not a phone number of the program: send it in international form (+31…) or as the program’s country writes it',
      'phone',
    );
  }
  return phone;
}

const accountKey = (programCode: string, address: string): string =>
  createHash('sha256').update(`${programCode}\n${address}`).digest('base64url');

const wrongCode = (): DomainError =>
  new DomainError(
    DomainErrorCode.InvalidCredentials,
    'the code is wrong or has expired; request a new one',
    'code',
  );

/**
 * Passwordless sign-in for members: a six-digit code sent to their email, valid ten minutes, five
 * tries, at most SIGN_IN_CODES_PER_HOUR codes an hour and SIGN_IN_CODE_FAILURES_PER_DAY wrong
 * codes a day per account (docs/access.md has the odds). Members are enrolled by staff and never choose a password, so the code doubles as proof
 * that they own the address. See docs/decisions/0004-authentication.md.
 */
@Injectable()
export class MemberSessionsUseCase implements OnApplicationShutdown {
  private readonly codeKey: Buffer;
  private readonly codesPerHour: LockOutPolicy;
  private readonly failuresPerDay: LockOutPolicy;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly programs: ProgramRepository,
    private readonly members: MemberRepository,
    private readonly codes: MemberSignInCodeRepository,
    private readonly accessTokens: AccessTokens,
    private readonly refreshTokens: RefreshTokens,
    private readonly delivery: SignInCodeDelivery,
    private readonly lockOut: FailureLockOut,
    private readonly logger: PinoLogger,
    @Inject(loyaltyConfig.KEY) config: LoyaltyConfig,
  ) {
    this.logger.setContext(MemberSessionsUseCase.name);
    this.codesPerHour = {
      scope: 'sign-in-codes-sent',
      attempts: config.rateLimits.signInCodesPerHour,
      windowMs: HOUR_MS,
    };
    this.failuresPerDay = {
      scope: 'sign-in-code-failures',
      attempts: config.rateLimits.signInCodeFailuresPerDay,
      windowMs: 24 * HOUR_MS,
    };
    // Codes are stored as an HMAC: six digits hashed plainly would fall to a million guesses.
    this.codeKey = Buffer.from(
      hkdfSync('sha256', config.auth.memberTokenSecret, '', 'member-sign-in-code', 32),
    );
  }

  /**
   * The same answer, in the same time, whether or not the email belongs to a member: the request
   * path only counts the request against the account's hourly cap (known or not alike), and the
   * look-up, the stored code and the delivery happen after the answer.
   */
  async requestCode(
    programCode: string,
    address: SignInAddress,
  ): Promise<SignInCodeAcceptedResponse> {
    const program = await this.programs.findByCode(programCode);
    const normalised = normalisedAddress(program, address);
    await this.lockOut.countOrRefuse(
      this.codesPerHour,
      accountKey(programCode, normalised),
      'too many sign-in codes were sent to this address; retry after the seconds in Retry-After',
    );
    this.inBackground(this.sendCode(program, 'email' in address ? 'email' : 'sms', normalised));
    return { expiresIn: CODE_TTL_MS / 1000 };
  }

  async signIn(
    programCode: string,
    address: SignInAddress,
    code: string,
  ): Promise<SessionTokensResponse> {
    const program = await this.programs.findByCode(programCode);
    const normalised = normalisedAddress(program, address);
    const account = accountKey(programCode, normalised);
    await this.lockOut.refuseWhileLocked(
      this.failuresPerDay,
      account,
      'too many wrong codes for this address today; retry after the seconds in Retry-After',
    );
    const member = program ? await this.verifiedMember(program, normalised, code) : null;
    if (!member) {
      await this.lockOut.record(this.failuresPerDay, account);
      throw wrongCode();
    }
    await this.lockOut.clear(this.failuresPerDay, account);
    const refresh = await this.refreshTokens.issue('member', member.id);
    return this.session(member.id, member.programId, refresh);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /** The live member the normalised email or phone belongs to, if any. */
  private async memberAt(program: Program, address: string) {
    if (address.includes('@')) return this.members.findByEmail(program.id, address);
    const [member] = (await this.members.findByContact(program.id, { phone: address })).filter(
      (each) => !each.erasedAt,
    );
    return member ?? null;
  }

  private async verifiedMember(
    program: Program,
    address: string,
    code: string,
  ): Promise<{ id: string; programId: string } | null> {
    const member = await this.memberAt(program, address);
    if (!member) return null;
    const stored = await this.codes.attempt(member.id, MAX_ATTEMPTS);
    const expected = this.hash(member.id, code);
    if (!stored || !timingSafeEqual(stored.codeHash, expected)) return null;
    if (!(await this.codes.consume(stored.id))) return null;
    return { id: member.id, programId: program.id };
  }

  private async sendCode(
    program: Program | null,
    channel: 'email' | 'sms',
    address: string,
  ): Promise<void> {
    const member = program ? await this.memberAt(program, address) : null;
    const to = channel === 'email' ? member?.email : member?.phone;
    if (!program || !member || !to) return;
    const code = String(randomInt(1_000_000)).padStart(6, '0');
    const expiresAt = new Date(Date.now() + CODE_TTL_MS);
    await this.codes.replace({
      id: randomUUID(),
      memberId: member.id,
      codeHash: this.hash(member.id, code),
      expiresAt,
    });
    await this.delivery.deliver({
      channel,
      to,
      code,
      expiresAt: expiresAt.toISOString(),
      programName: program.name,
    });
  }

  /** Work after the answer; shutdown waits for it, and a failure is logged without the address. */
  private inBackground(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.logger.error({ err: error }, 'sign-in code not sent'))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
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
