/**
 * A card's life: `issued` (printed stock not yet handed out, or a card awaiting activation),
 * `active` (identifies its member at the till and in the app), `blocked` (lost, stolen or
 * fraud: it identifies no one), `replaced` (a successor card carries on). Points belong to the
 * member, not the card, so a replacement keeps the balance by construction.
 */
export enum CardStatus {
  Issued = 'issued',
  Active = 'active',
  Blocked = 'blocked',
  Replaced = 'replaced',
}

export enum CardKind {
  Physical = 'physical',
  Virtual = 'virtual',
}

export enum CardBlockReason {
  Lost = 'lost',
  Stolen = 'stolen',
  Fraud = 'fraud',
  Damaged = 'damaged',
  /** Set by erasure, never chosen by staff. */
  MemberErased = 'member_erased',
}

/** The transitions the lifecycle allows; anything else is refused with CARD_TRANSITION_NOT_ALLOWED. */
const ALLOWED_TRANSITIONS: Readonly<Record<CardStatus, readonly CardStatus[]>> = {
  [CardStatus.Issued]: [CardStatus.Active, CardStatus.Blocked],
  [CardStatus.Active]: [CardStatus.Blocked, CardStatus.Replaced],
  [CardStatus.Blocked]: [CardStatus.Replaced],
  [CardStatus.Replaced]: [],
};

export const canTransition = (from: CardStatus, to: CardStatus): boolean =>
  ALLOWED_TRANSITIONS[from].includes(to);

export interface Card {
  readonly id: string;
  readonly programId: string;
  /** Null while a pre-printed card waits in stock. */
  readonly memberId: string | null;
  readonly number: string;
  readonly kind: CardKind;
  readonly status: CardStatus;
  readonly blockReason: CardBlockReason | null;
  readonly replacedByCardId: string | null;
  readonly batchId: string | null;
  readonly issuedAt: Date;
  readonly activatedAt: Date | null;
}

/** Who changed a card: a staff member, the member in the app, or the system itself. */
export type ActorKind = 'staff' | 'member' | 'system';

export interface CardEvent {
  readonly id: string;
  readonly cardId: string;
  readonly fromStatus: CardStatus | null;
  readonly toStatus: CardStatus;
  readonly reason: string | null;
  readonly actorKind: ActorKind;
  readonly actorId: string | null;
  readonly occurredAt: Date;
}
