import type {
  MemberPrincipal,
  PosTerminalPrincipal,
  Principal,
  StaffPermission,
  StaffPrincipal,
} from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

/**
 * Who may call a route: staff with one permission, a signed-in member, a till, or any of them
 * (`program`: what every caller of a program may read about it).
 */
export type RouteAccess =
  | { readonly kind: 'staff'; readonly permission: StaffPermission }
  | { readonly kind: 'member' }
  | { readonly kind: 'pos-terminal' }
  | { readonly kind: 'program' };

export const ROUTE_ACCESS = 'loyalty:route-access';

/** OpenAPI security scheme names, declared by createHttpApp. */
export const SECURITY_SCHEMES = {
  staff: 'staff-token',
  member: 'member-token',
  posTerminal: 'pos-api-key',
} as const;

const refusals = () =>
  applyDecorators(
    ApiUnauthorizedResponse({ type: ProblemDetails, description: 'No valid credential.' }),
    ApiForbiddenResponse({ type: ProblemDetails, description: 'Not allowed to this caller.' }),
  );

export const StaffAccess = (permission: StaffPermission) =>
  applyDecorators(
    SetMetadata(ROUTE_ACCESS, { kind: 'staff', permission } satisfies RouteAccess),
    ApiBearerAuth(SECURITY_SCHEMES.staff),
    refusals(),
  );

export const MemberAccess = () =>
  applyDecorators(
    SetMetadata(ROUTE_ACCESS, { kind: 'member' } satisfies RouteAccess),
    ApiBearerAuth(SECURITY_SCHEMES.member),
    refusals(),
  );

export const PosTerminalAccess = () =>
  applyDecorators(
    SetMetadata(ROUTE_ACCESS, { kind: 'pos-terminal' } satisfies RouteAccess),
    ApiSecurity(SECURITY_SCHEMES.posTerminal),
    refusals(),
  );

/** Any signed-in caller of the program: staff of any role, a member, or a till. */
export const ProgramCallerAccess = () =>
  applyDecorators(
    SetMetadata(ROUTE_ACCESS, { kind: 'program' } satisfies RouteAccess),
    ApiBearerAuth(SECURITY_SCHEMES.staff),
    ApiBearerAuth(SECURITY_SCHEMES.member),
    ApiSecurity(SECURITY_SCHEMES.posTerminal),
    refusals(),
  );

export interface RequestWithPrincipal {
  principal?: Principal;
}

function principalOf<K extends Principal['kind']>(
  kind: K,
  context: ExecutionContext,
): Extract<Principal, { kind: K }> {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  // The access guard let the request in for this kind only; anything else is a wiring mistake.
  if (principal?.kind !== kind) throw new Error(`route expects a ${kind} principal`);
  return principal as Extract<Principal, { kind: K }>;
}

export const CurrentStaff = createParamDecorator(
  (_: unknown, context: ExecutionContext): StaffPrincipal => principalOf('staff', context),
);
export const CurrentMember = createParamDecorator(
  (_: unknown, context: ExecutionContext): MemberPrincipal => principalOf('member', context),
);
/** The caller of a ProgramCallerAccess route, of whichever kind. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new Error('route expects a signed-in caller');
  return principal;
});

export const CurrentTerminal = createParamDecorator(
  (_: unknown, context: ExecutionContext): PosTerminalPrincipal =>
    principalOf('pos-terminal', context),
);
