import { DomainError, DomainErrorCode } from '@loyalty/domain';
import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { type AdminCaller, AdminAuthentication } from './admin-authentication';

type AdminRequest = FastifyRequest & { adminCaller?: AdminCaller };

const OPERATOR_ONLY = 'loyalty:operator-only';

/** A route of the admin port that spans every program: the platform operator's alone. */
export const OperatorOnly = () => SetMetadata(OPERATOR_ONLY, true);

/** The authenticated caller of an admin route. */
export const CallerOfAdminPort = createParamDecorator(
  (_: unknown, context: ExecutionContext): AdminCaller => {
    const caller = context.switchToHttp().getRequest<AdminRequest>().adminCaller;
    if (!caller) throw new Error('an admin route ran without the admin guard');
    return caller;
  },
);

/**
 * The worker's admin routes: 401 without a valid credential; program admins reach their own
 * program's failed jobs, and only the platform operator what spans every program.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(
    private readonly authentication: AdminAuthentication,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const caller = await this.authentication.authenticate(
      request.headers.authorization,
      request.ip,
    );
    const operatorOnly = this.reflector.getAllAndOverride<boolean>(OPERATOR_ONLY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (operatorOnly && caller.kind !== 'operator') {
      throw new DomainError(
        DomainErrorCode.PermissionDenied,
        'only the platform operator may use this: it spans every program',
      );
    }
    request.adminCaller = caller;
    return true;
  }
}
