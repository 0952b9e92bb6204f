import {
  type Card,
  type CardBlockReason,
  type CardEvent,
  CardStatus,
  canTransition,
  DomainError,
  DomainErrorCode,
  type Program,
} from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database } from '../../database';
import {
  type Actor,
  appendCardEvent,
  type CardToIssue,
  insertStockCards,
  issueCardWithin,
} from './card-issuing';
import { type CardEventRow, type CardRow, toCard, toCardEvent } from './card-rows';
import type { ColumnsOf } from '../../schema/rows';

export interface CardLookup {
  readonly card: Card;
  readonly memberTier: string | null;
}

const cardNotFound = (): DomainError =>
  new DomainError(DomainErrorCode.CardNotFound, 'the member has no such card');

export const memberNotFound = (): DomainError =>
  new DomainError(DomainErrorCode.MemberNotFound, 'no member of the program has this id');

const transitionRefused = (card: Card, to: CardStatus): DomainError =>
  new DomainError(
    DomainErrorCode.CardTransitionNotAllowed,
    `a ${card.status} card cannot become ${to}`,
  );

@Injectable()
export class CardRepository {
  constructor(private readonly database: Database) {}

  /** The card by number with its member's tier: what a till needs to identify a member. */
  async lookUpByNumber(programId: string, number: string): Promise<CardLookup | null> {
    const [row] = await this.database.query<(CardRow & ColumnsOf<'members', 'tier'>)[]>(
      `SELECT cards.*, members.tier FROM cards
         LEFT JOIN members ON members.id = cards.member_id
        WHERE cards.number = $1 AND cards.program_id = $2`,
      [number, programId],
    );
    return row ? { card: toCard(row), memberTier: row.tier } : null;
  }

  async findForMember(memberId: string, cardId: string): Promise<Card | null> {
    const [row] = await this.database.query<CardRow[]>(
      `SELECT * FROM cards WHERE id = $1 AND member_id = $2`,
      [cardId, memberId],
    );
    return row ? toCard(row) : null;
  }

  async listForMember(memberId: string): Promise<Card[]> {
    const rows = await this.database.query<CardRow[]>(
      `SELECT * FROM cards WHERE member_id = $1 ORDER BY issued_at DESC, id DESC`,
      [memberId],
    );
    return rows.map(toCard);
  }

  async listEvents(cardId: string): Promise<CardEvent[]> {
    const rows = await this.database.query<CardEventRow[]>(
      `SELECT * FROM card_events WHERE card_id = $1 ORDER BY occurred_at, id`,
      [cardId],
    );
    return rows.map(toCardEvent);
  }

  /** Another card for the member, within the program's limit of active cards. */
  issue(program: Program, memberId: string, card: CardToIssue, actor: Actor): Promise<Card> {
    return this.database.transaction(async (manager) => {
      await lockLiveMember(manager, program.id, memberId);
      return issueCardWithin(manager, program, memberId, card, actor);
    });
  }

  /** Blocks an issued or active card; it then identifies no one. */
  block(
    programId: string,
    memberId: string,
    cardId: string,
    reason: CardBlockReason,
    actor: Actor,
  ): Promise<Card> {
    return this.database.transaction(async (manager) => {
      const card = await lockCard(manager, programId, memberId, cardId);
      if (!canTransition(card.status, CardStatus.Blocked)) {
        throw transitionRefused(card, CardStatus.Blocked);
      }
      const updated = await setStatus(manager, card.id, CardStatus.Blocked, reason, null);
      await appendCardEvent(manager, {
        cardId: card.id,
        fromStatus: card.status,
        toStatus: CardStatus.Blocked,
        reason,
        actor,
      });
      return updated;
    });
  }

  /**
   * Replaces an active or blocked card with a new one in one transaction: the old card becomes
   * `replaced` and points at its successor. An active card being replaced is blocked first, with
   * the reason given, so its history says why it went out of use.
   */
  replace(
    program: Program,
    memberId: string,
    cardId: string,
    successor: CardToIssue,
    reason: CardBlockReason,
    actor: Actor,
  ): Promise<{ replaced: Card; successor: Card }> {
    return this.database.transaction(async (manager) => {
      await lockLiveMember(manager, program.id, memberId);
      let card = await lockCard(manager, program.id, memberId, cardId);
      if (!canTransition(card.status, CardStatus.Replaced)) {
        throw transitionRefused(card, CardStatus.Replaced);
      }
      const issued = await issueCardWithin(manager, program, memberId, successor, actor, card.id);
      if (card.status === CardStatus.Active) {
        card = await setStatus(manager, card.id, CardStatus.Blocked, reason, null);
        await appendCardEvent(manager, {
          cardId: card.id,
          fromStatus: CardStatus.Active,
          toStatus: CardStatus.Blocked,
          reason,
          actor,
        });
      }
      const replaced = await setStatus(
        manager,
        card.id,
        CardStatus.Replaced,
        card.blockReason ?? reason,
        issued.id,
      );
      await appendCardEvent(manager, {
        cardId: card.id,
        fromStatus: CardStatus.Blocked,
        toStatus: CardStatus.Replaced,
        reason: `replaced by card ending ${issued.number.slice(-4)}`,
        actor,
      });
      return { replaced, successor: issued };
    });
  }

  /** Records a batch of pre-printed cards and puts them in stock. */
  addStockBatch(
    programId: string,
    label: string,
    numbers: readonly string[],
    actor: Actor,
  ): Promise<{ batchId: string; quantity: number; createdAt: Date }> {
    return this.database.transaction(async (manager) => {
      const [batch] = await manager.query<ColumnsOf<'card_batches', 'id' | 'created_at'>[]>(
        `INSERT INTO card_batches (program_id, label, quantity, created_by_staff_id)
         VALUES ($1, $2, $3, $4) RETURNING id, created_at`,
        [programId, label, numbers.length, actor.kind === 'staff' ? actor.id : null],
      );
      const quantity = await insertStockCards(manager, programId, batch!.id, numbers, actor);
      return { batchId: batch!.id, quantity, createdAt: batch!.created_at };
    });
  }

  /** The program's stock batches, newest first, with how many of each are still in stock. */
  async listBatches(programId: string): Promise<CardBatchSummary[]> {
    const rows = await this.database.query<
      (ColumnsOf<'card_batches', 'id' | 'label' | 'quantity' | 'created_at'> & {
        in_stock: number;
      })[]
    >(
      `SELECT b.id, b.label, b.quantity, b.created_at,
              (SELECT count(*) FROM cards c
                WHERE c.batch_id = b.id AND c.status = 'issued' AND c.member_id IS NULL)::int
                AS in_stock
         FROM card_batches b
        WHERE b.program_id = $1
        ORDER BY b.created_at DESC, b.id
        LIMIT 500`,
      [programId],
    );
    return rows.map((row) => ({
      batchId: row.id,
      label: row.label,
      quantity: row.quantity,
      inStock: row.in_stock,
      createdAt: row.created_at,
    }));
  }

  async listBatchNumbers(programId: string, batchId: string): Promise<Card[] | null> {
    const [batch] = await this.database.query<ColumnsOf<'card_batches', 'id'>[]>(
      `SELECT id FROM card_batches WHERE id = $1 AND program_id = $2`,
      [batchId, programId],
    );
    if (!batch) return null;
    const rows = await this.database.query<CardRow[]>(
      `SELECT * FROM cards WHERE batch_id = $1 ORDER BY number`,
      [batchId],
    );
    return rows.map(toCard);
  }
}

export interface CardBatchSummary {
  readonly batchId: string;
  readonly label: string;
  readonly quantity: number;
  /** Cards of the batch not yet handed to a member. */
  readonly inStock: number;
  readonly createdAt: Date;
}

/** A duplicate merged into another member: the problem names that member. */
export const mergedMember = (mergedIntoMemberId: string, field = 'memberId'): DomainError =>
  new DomainError(
    DomainErrorCode.MemberMerged,
    `this member was merged into member ${mergedIntoMemberId}: use that member instead`,
    field,
    { mergedIntoMemberId },
  );

/** Locks the member's row: card issuing for one member is serialised on it. */
export async function lockLiveMember(
  manager: EntityManager,
  programId: string,
  memberId: string,
): Promise<void> {
  const [member] = await manager.query<
    ColumnsOf<'members', 'erased_at' | 'merged_into_member_id'>[]
  >(
    `SELECT erased_at, merged_into_member_id FROM members
      WHERE id = $1 AND program_id = $2 FOR UPDATE`,
    [memberId, programId],
  );
  if (!member) throw memberNotFound();
  if (member.erased_at) {
    throw new DomainError(DomainErrorCode.MemberErased, 'the member’s data has been erased');
  }
  if (member.merged_into_member_id) throw mergedMember(member.merged_into_member_id);
}

async function lockCard(
  manager: EntityManager,
  programId: string,
  memberId: string,
  cardId: string,
): Promise<Card> {
  const [row] = await manager.query<CardRow[]>(
    `SELECT * FROM cards WHERE id = $1 AND member_id = $2 AND program_id = $3 FOR UPDATE`,
    [cardId, memberId, programId],
  );
  if (!row) throw cardNotFound();
  return toCard(row);
}

async function setStatus(
  manager: EntityManager,
  cardId: string,
  status: CardStatus,
  blockReason: string | null,
  replacedByCardId: string | null,
): Promise<Card> {
  const [rows] = await manager.query<[CardRow[], number]>(
    `UPDATE cards SET status = $2, block_reason = $3,
            replaced_by_card_id = COALESCE($4, replaced_by_card_id), updated_at = now()
      WHERE id = $1 RETURNING *`,
    [cardId, status, blockReason, replacedByCardId],
  );
  return toCard(rows[0]!);
}
