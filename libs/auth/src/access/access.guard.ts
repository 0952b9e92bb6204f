import { DomainError, DomainErrorCode, type Principal, roleAllows } from '@loyalty/domain';
import { PUBLIC_ROUTE } from '@loyalty/platform';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AccessRevocation } from './access-revocation';
import { PosApiKeys } from '../pos-api-keys/pos-api-keys';
import { AccessTokens } from '../tokens/access-tokens';
import { ROUTE_ACCESS, type RequestWithPrincipal, type RouteAccess } from './route-access';

const KIND_NAMES: Record<Principal['kind'], string> = {
  staff: 'staff',
  member: 'members',
  'pos-terminal': 'POS terminals',
};

/**
 * The one global guard: a route is public, or names who may call it (route-access.ts). Deny by
 * default — a route with neither is a wiring mistake and answers 500 to everyone. 401 when no
 * valid credential came, 403 when the caller is of the wrong kind or lacks the permission, 410
 * when the calling member has erased their data.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessTokens: AccessTokens,
    private readonly posApiKeys: PosApiKeys,
    private readonly revocation: AccessRevocation,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, targets);
    if (!access) throw new Error(`${context.getClass().name} has a route without an access rule`);

    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithPrincipal>();
    const principal = await this.authenticate(request);
    if (principal.kind !== 'pos-terminal') await this.revocation.refuseRevoked(principal);
    if (access.kind !== 'program' && principal.kind !== access.kind) {
      throw new DomainError(
        DomainErrorCode.PermissionDenied,
        `only ${KIND_NAMES[access.kind]} may call this route`,
      );
    }
    if (access.kind === 'staff' && principal.kind === 'staff') {
      if (!roleAllows(principal.role, access.permission)) {
        throw new DomainError(
          DomainErrorCode.PermissionDenied,
          `the ${principal.role} role does not have the ${access.permission} permission`,
        );
      }
    }
    request.principal = principal;
    return true;
  }

  private async authenticate(request: FastifyRequest): Promise<Principal> {
    const apiKey = request.headers['x-api-key'];
    const authorization = request.headers.authorization;
    if (typeof apiKey === 'string' && authorization) {
      throw new DomainError(
        DomainErrorCode.InvalidCredentials,
        'send one credential: an Authorization bearer token or an X-Api-Key',
      );
    }
    if (typeof apiKey === 'string') {
      const terminal = await this.posApiKeys.authenticate(apiKey);
      if (!terminal) {
        throw new DomainError(
          DomainErrorCode.InvalidCredentials,
          'the API key is not valid or was revoked',
        );
      }
      return terminal;
    }
    if (authorization) {
      const [scheme, token] = authorization.split(' ');
      const principal =
        scheme?.toLowerCase() === 'bearer' && token ? await this.accessTokens.verify(token) : null;
      if (!principal) {
        throw new DomainError(
          DomainErrorCode.InvalidCredentials,
          'the access token is not valid or has expired',
        );
      }
      return principal;
    }
    throw new DomainError(
      DomainErrorCode.AuthenticationRequired,
      'this route needs a credential: an Authorization bearer token or an X-Api-Key',
    );
  }
}
