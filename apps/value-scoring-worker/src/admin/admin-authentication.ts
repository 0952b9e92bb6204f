import { AccessRevocation, AccessTokens, FailureLockOut, type LockOutPolicy } from '@loyalty/auth';
import { type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { DomainError, DomainErrorCode, StaffRole } from '@loyalty/domain';
import { secretMatcher } from '@loyalty/platform';
import { Inject, Injectable } from '@nestjs/common';

/** Who is calling the worker's admin port. */
export type AdminCaller =
  | { readonly kind: 'operator' }
  | { readonly kind: 'program-admin'; readonly programId: string; readonly staffId: string };

/** The user name a browser sends, with the operator token as password, for the queue board. */
export const OPERATOR_USER_NAME = 'operator';

/**
 * Who may use the worker's admin tools. The platform operator (configured at deployment with
 * PLATFORM_OPERATOR_TOKEN, not a program's staff) sends the token as `Bearer`, or as the password
 * of user `operator` over Basic, which a browser asks for on the queue board. A program admin
 * sends their staff access token as `Bearer`, checked for revocation like on every other port.
 *
 * Failed attempts are counted per client address like staff sign-in, and every failure is a 401:
 * no answer tells a right password from a wrong one. Nothing is cached, so a disable or a
 * changed token takes effect on the next request.
 */
@Injectable()
export class AdminAuthentication {
  private readonly isOperatorToken: (candidate: string) => boolean;
  private readonly failures: LockOutPolicy;

  constructor(
    private readonly accessTokens: AccessTokens,
    private readonly revocation: AccessRevocation,
    private readonly lockOut: FailureLockOut,
    @Inject(loyaltyConfig.KEY) config: LoyaltyConfig,
  ) {
    this.isOperatorToken = secretMatcher(config.platformOperatorToken);
    this.failures = {
      scope: 'admin-port-sign-in',
      attempts: config.rateLimits.signInAttemptsPerMinute,
      windowMs: 60_000,
    };
  }

  /** The caller, or a 401 / 429 DomainError-style refusal. */
  async authenticate(
    authorization: string | undefined,
    clientAddress: string,
  ): Promise<AdminCaller> {
    await this.lockOut.refuseWhileLocked(
      this.failures,
      clientAddress,
      'too many failed sign-ins from this address; retry after the seconds in Retry-After',
    );
    const caller = await this.identify(authorization ?? '');
    if (caller) return caller;
    await this.lockOut.record(this.failures, clientAddress);
    throw new DomainError(
      DomainErrorCode.AuthenticationRequired,
      'the platform operator token (Bearer, or Basic as user operator) or a program admin access token (Bearer) is required',
    );
  }

  private async identify(authorization: string): Promise<AdminCaller | null> {
    const [scheme, credential, ...rest] = authorization.split(' ');
    if (!scheme || !credential || rest.length > 0) return null;
    if (scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(credential, 'base64').toString('utf8');
      const separator = decoded.indexOf(':');
      const user = decoded.slice(0, separator);
      return separator > 0 &&
        user === OPERATOR_USER_NAME &&
        this.isOperatorToken(decoded.slice(separator + 1))
        ? { kind: 'operator' }
        : null;
    }
    if (scheme.toLowerCase() !== 'bearer') return null;
    if (this.isOperatorToken(credential)) return { kind: 'operator' };
    const principal = await this.accessTokens.verify(credential);
    if (!principal) return null;
    await this.revocation.refuseRevoked(principal);
    if (principal.kind !== 'staff' || principal.role !== StaffRole.Admin) {
      throw new DomainError(
        DomainErrorCode.PermissionDenied,
        'only a program admin or the platform operator may use the worker’s admin tools',
      );
    }
    return { kind: 'program-admin', programId: principal.programId, staffId: principal.staffId };
  }
}
