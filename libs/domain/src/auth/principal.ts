import type { StaffRole } from '../staff/staff';

/** Who is calling, as established from their credential; use cases decide what they may do. */
export type Principal = StaffPrincipal | MemberPrincipal | PosTerminalPrincipal;

export interface StaffPrincipal {
  readonly kind: 'staff';
  readonly staffId: string;
  readonly programId: string;
  readonly role: StaffRole;
  readonly storeId: string | null;
  /** The sign-in (refresh-token family) the access token belongs to; its revocation ends it. */
  readonly sessionId?: string;
}

export interface MemberPrincipal {
  readonly kind: 'member';
  readonly memberId: string;
  readonly programId: string;
  /** The sign-in (refresh-token family) the access token belongs to; its revocation ends it. */
  readonly sessionId?: string;
}

/** A till, known by its POS API key; bound to one store. */
export interface PosTerminalPrincipal {
  readonly kind: 'pos-terminal';
  readonly apiKeyId: string;
  readonly programId: string;
  readonly storeId: string;
  readonly terminalCode: string;
}

/**
 * Who sent a request, as its Idempotency-Key is scoped: one caller's key is never another's, so
 * a key guessed or reused by someone else claims nothing of theirs.
 */
export function callerOf(principal: Principal): string {
  switch (principal.kind) {
    case 'staff':
      return `staff:${principal.staffId}`;
    case 'member':
      return `member:${principal.memberId}`;
    case 'pos-terminal':
      return `pos-terminal:${principal.apiKeyId}`;
  }
}
