import {
  type ActorKind,
  type Card,
  CardKind,
  CardStatus,
  DomainError,
  DomainErrorCode,
  generateCardNumber,
  isWellFormedCardNumber,
  type Program,
} from '@loyalty/domain';
import type { EntityManager } from 'typeorm';
import { violatedUniqueConstraint } from '../../unique-violation';
import { type CardRow, toCard } from './card-rows';
import type { ColumnsOf } from '../../schema/rows';

export interface Actor {
  readonly kind: ActorKind;
  readonly id: string | null;
}

/** Which card a member gets: a new virtual card, or a pre-printed one handed over at the till. */
export type CardToIssue =
  | { readonly kind: CardKind.Virtual }
  | { readonly kind: CardKind.Physical; readonly number: string };

// A collision among 10^12 random numbers is rare; a handful of draws makes failure impossible
// in practice while still ending if the generator were broken.
const MAX_NUMBER_DRAWS = 5;

export async function appendCardEvent(
  manager: EntityManager,
  event: {
    cardId: string;
    fromStatus: CardStatus | null;
    toStatus: CardStatus;
    reason: string | null;
    actor: Actor;
  },
): Promise<void> {
  await manager.query(
    `INSERT INTO card_events (card_id, from_status, to_status, reason, actor_kind, actor_id)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      event.cardId,
      event.fromStatus,
      event.toStatus,
      event.reason,
      event.actor.kind,
      event.actor.id,
    ],
  );
}

/**
 * Gives the member a card inside the caller's transaction, which holds the member's row lock.
 * Enforces the program's limit of active cards, not counting a card about to be replaced.
 */
export async function issueCardWithin(
  manager: EntityManager,
  program: Program,
  memberId: string,
  card: CardToIssue,
  actor: Actor,
  replacingCardId: string | null = null,
): Promise<Card> {
  const [counted] = await manager.query<{ active: number }[]>(
    `SELECT count(*)::int AS active FROM cards
      WHERE member_id = $1 AND status = 'active' AND id IS DISTINCT FROM $2::uuid`,
    [memberId, replacingCardId],
  );
  if ((counted?.active ?? 0) >= program.maxActiveCardsPerMember) {
    throw new DomainError(
      DomainErrorCode.ActiveCardLimitReached,
      `the member already has ${program.maxActiveCardsPerMember} active card(s), the program's limit; block or replace one first`,
    );
  }
  const issued =
    card.kind === CardKind.Virtual
      ? await insertVirtualCard(manager, program, memberId)
      : await claimStockCard(manager, program, memberId, card.number);
  await appendCardEvent(manager, {
    cardId: issued.id,
    fromStatus: card.kind === CardKind.Virtual ? null : CardStatus.Issued,
    toStatus: CardStatus.Active,
    reason: replacingCardId
      ? 'replacement'
      : card.kind === CardKind.Virtual
        ? 'issued'
        : 'activated',
    actor,
  });
  return issued;
}

async function insertVirtualCard(
  manager: EntityManager,
  program: Program,
  memberId: string,
): Promise<Card> {
  for (let draw = 1; ; draw += 1) {
    const number = generateCardNumber(program.cardPrefix);
    // ON CONFLICT: a colliding number is a retry, not an error that aborts the transaction.
    const [row] = await manager.query<CardRow[]>(
      `INSERT INTO cards (program_id, member_id, number, kind, status, activated_at)
       VALUES ($1, $2, $3, 'virtual', 'active', now())
       ON CONFLICT (number) DO NOTHING
       RETURNING *`,
      [program.id, memberId, number],
    );
    if (row) return toCard(row);
    if (draw >= MAX_NUMBER_DRAWS) throw new Error('could not draw an unused card number');
  }
}

async function claimStockCard(
  manager: EntityManager,
  program: Program,
  memberId: string,
  number: string,
): Promise<Card> {
  if (!isWellFormedCardNumber(number)) {
    throw new DomainError(
      DomainErrorCode.InvalidCardNumber,
      'card.number must be 19 digits with a valid check digit',
      'card.number',
    );
  }
  const [rows] = await manager.query<[CardRow[], number]>(
    `UPDATE cards SET member_id = $3, status = 'active', activated_at = now(), updated_at = now()
      WHERE number = $1 AND program_id = $2 AND kind = 'physical'
        AND status = 'issued' AND member_id IS NULL
      RETURNING *`,
    [number, program.id, memberId],
  );
  const row = rows[0];
  if (!row) {
    throw new DomainError(
      DomainErrorCode.CardNotInStock,
      'no unissued card of this program has that number; take another card from the stock',
      'card.number',
    );
  }
  return toCard(row);
}

/** Adds a batch's cards to stock, each with its first audit event; all or none. */
export async function insertStockCards(
  manager: EntityManager,
  programId: string,
  batchId: string,
  numbers: readonly string[],
  actor: Actor,
): Promise<number> {
  try {
    const rows = await manager.query<ColumnsOf<'card_events', 'card_id'>[]>(
      `WITH stocked AS (
         INSERT INTO cards (program_id, number, kind, status, batch_id)
         SELECT $1, number, 'physical', 'issued', $2 FROM unnest($3::text[]) AS number
         RETURNING id
       )
       INSERT INTO card_events (card_id, from_status, to_status, reason, actor_kind, actor_id)
       SELECT id, NULL, 'issued', 'stock', $4, $5 FROM stocked
       RETURNING card_id`,
      [programId, batchId, numbers, actor.kind, actor.id],
    );
    return rows.length;
  } catch (error) {
    if (violatedUniqueConstraint(error) === 'cards_number_key') {
      throw new DomainError(
        DomainErrorCode.CardNumberTaken,
        'a card number of the batch is already in use; no card of the batch was added',
        'numbers',
      );
    }
    throw error;
  }
}
