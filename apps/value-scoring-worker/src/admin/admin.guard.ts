import { DomainError, DomainErrorCode } from '@loyalty/domain';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AdminAuthentication } from './admin-authentication';

/** The worker's admin routes: 401 without a valid credential, 403 for anyone but an admin. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly authentication: AdminAuthentication) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const verdict = await this.authentication.check(request.headers.authorization);
    if (verdict === 'unauthenticated') {
      throw new DomainError(
        DomainErrorCode.AuthenticationRequired,
        'an admin staff access token (Bearer) or admin email and password (Basic) is required',
      );
    }
    if (verdict === 'not-admin') {
      throw new DomainError(DomainErrorCode.PermissionDenied, 'only program admins may use this');
    }
    return true;
  }
}
