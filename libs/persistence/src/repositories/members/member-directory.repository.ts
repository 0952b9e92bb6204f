import type { Member, Page } from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { Database } from '../../database';
import { decodeCursor, encodeCursor, invalidCursor } from '../../keyset-cursor';
import { bindNamed } from '../../statements/named-parameters';
import { type MemberRow, toMember } from './card-rows';
import { searchNameOf } from './search-name';

/**
 * What the desk looks for. Each of `email`, `phone`, `cardNumber` and `namePrefix` that is set
 * names members by itself, and a member matching any of them is found; none set lists the program.
 * The filters narrow either.
 */
export interface MemberSearch {
  /** Normalised (normaliseEmail). */
  readonly email?: string;
  /** E.164 (normalisePhone, in the program's country). */
  readonly phone?: string;
  readonly cardNumber?: string;
  /** What the clerk typed of the name; the start of any of its words, any case or accent. */
  readonly namePrefix?: string;
  readonly storeId?: string;
  readonly tier?: string;
  readonly enrolledFrom?: Date;
  readonly enrolledBefore?: Date;
}

/**
 * The desk's view of the members of a program: search by any contact, card or name, and the list
 * with its filters, newest enrolment first, by keyset on (enrolled_at, id). Erased members and
 * merged duplicates are never found: nothing of them is left to find them by.
 */
@Injectable()
export class MemberDirectoryRepository {
  constructor(private readonly database: Database) {}

  async search(
    programId: string,
    search: MemberSearch,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<Member>> {
    const values: Record<string, unknown> = { program_id: programId, limit: page.limit + 1 };
    // Each way of naming a member is its own indexed lookup; the member is found by any of them.
    const matches: string[] = [];
    if (search.email !== undefined) {
      values.email = search.email;
      matches.push(`SELECT id FROM members WHERE program_id = :program_id AND email = :email`);
    }
    if (search.phone !== undefined) {
      values.phone = search.phone;
      matches.push(`SELECT id FROM members WHERE program_id = :program_id AND phone = :phone`);
    }
    if (search.cardNumber !== undefined) {
      values.card_number = search.cardNumber;
      matches.push(
        `SELECT member_id FROM cards WHERE number = :card_number AND member_id IS NOT NULL`,
      );
    }
    if (search.namePrefix !== undefined) {
      // Letters, digits and single spaces only: nothing in it is a LIKE wildcard.
      values.name_pattern = `%${searchNameOf(search.namePrefix) ?? ' '}%`;
      matches.push(
        `SELECT id FROM members WHERE program_id = :program_id AND search_name LIKE :name_pattern`,
      );
    }
    const conditions = [
      'm.program_id = :program_id',
      'm.erased_at IS NULL',
      'm.merged_into_member_id IS NULL',
    ];
    if (matches.length > 0) conditions.push(`m.id IN (${matches.join(' UNION ALL ')})`);
    if (search.storeId !== undefined) {
      values.store_id = search.storeId;
      conditions.push('m.enrolled_store_id = :store_id');
    }
    if (search.tier !== undefined) {
      values.tier = search.tier;
      conditions.push('m.tier = :tier');
    }
    if (search.enrolledFrom !== undefined) {
      values.enrolled_from = search.enrolledFrom.toISOString();
      conditions.push('m.enrolled_at >= :enrolled_from');
    }
    if (search.enrolledBefore !== undefined) {
      values.enrolled_before = search.enrolledBefore.toISOString();
      conditions.push('m.enrolled_at < :enrolled_before');
    }
    if (page.cursor) {
      const [enrolledAt, id] = decodeCursor(page.cursor, 2);
      if (
        !enrolledAt ||
        Number.isNaN(Date.parse(enrolledAt)) ||
        !/^[0-9a-f-]{36}$/.test(id ?? '')
      ) {
        throw invalidCursor();
      }
      values.after_enrolled_at = enrolledAt;
      values.after_id = id;
      conditions.push('(m.enrolled_at, m.id) < (:after_enrolled_at::timestamptz, :after_id::uuid)');
    }
    const [text, parameters] = bindNamed(
      `SELECT m.*, m.enrolled_at::text AS enrolled_at_key FROM members m
        WHERE ${conditions.join(' AND ')}
        ORDER BY m.enrolled_at DESC, m.id DESC LIMIT :limit`,
      values,
    );
    // The key keeps the database's microseconds, which a Date would round away.
    const rows = await this.database.query<(MemberRow & { enrolled_at_key: string })[]>(
      text,
      parameters,
    );
    const items = rows.slice(0, page.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toMember),
      nextCursor:
        rows.length > page.limit && last ? encodeCursor([last.enrolled_at_key, last.id]) : null,
    };
  }
}
