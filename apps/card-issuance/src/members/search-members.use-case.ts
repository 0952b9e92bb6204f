import { type Member, normaliseEmail, normalisePhone, type Page } from '@loyalty/domain';
import { MemberDirectoryRepository, type MemberSearch, searchableName } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { ProgramContext } from '../common/program-context';
import type { FindMembersRequest } from './members.requests';

const CARD_NUMBER = /^\d{19}$/;

/**
 * The desk's member search and list. Free text (`q`) is tried as every way a clerk names a member
 * at once: the start of a word of the name, an email, a phone in the program's country or in
 * international form, a card number (spaces and dashes as printed are ignored). A member matching
 * any is found; the named fields match only their own. Nothing to search by lists the program.
 */
@Injectable()
export class SearchMembersUseCase {
  constructor(
    private readonly directory: MemberDirectoryRepository,
    private readonly programs: ProgramContext,
  ) {}

  async execute(programId: string, query: FindMembersRequest): Promise<Page<Member>> {
    const program = await this.programs.load(programId);
    const phoneOf = (text: string) => normalisePhone(text, program.phoneRegion);
    const search: {
      -readonly [K in keyof MemberSearch]: MemberSearch[K];
    } = {};
    let unmatchable = false;
    if (query.q !== undefined) {
      const text = query.q.trim();
      const digits = text.replace(/[\s-]/g, '');
      if (text.includes('@')) {
        search.email = normaliseEmail(text);
      } else {
        if (CARD_NUMBER.test(digits)) search.cardNumber = digits;
        const phone = /^[+\d\s().-]+$/.test(text) ? phoneOf(text) : null;
        if (phone) search.phone = phone;
        if (searchableName(text) !== '') search.namePrefix = text;
      }
      if (Object.keys(search).length === 0) unmatchable = true;
    }
    if (query.name !== undefined) {
      if (searchableName(query.name) === '') unmatchable = true;
      else search.namePrefix = query.name;
    }
    if (query.email !== undefined) search.email = normaliseEmail(query.email);
    if (query.phone !== undefined) {
      const phone = phoneOf(query.phone);
      if (phone) search.phone = phone;
      else unmatchable = true;
    }
    if (query.cardNumber !== undefined) search.cardNumber = query.cardNumber;
    // A named field that cannot match anything finds nobody, rather than listing everyone.
    if (unmatchable) return { items: [], nextCursor: null };
    return this.directory.search(
      programId,
      {
        ...search,
        ...(query.storeId !== undefined ? { storeId: query.storeId } : {}),
        ...(query.tier !== undefined ? { tier: query.tier } : {}),
        ...(query.enrolledFrom !== undefined ? { enrolledFrom: new Date(query.enrolledFrom) } : {}),
        ...(query.enrolledBefore !== undefined
          ? { enrolledBefore: new Date(query.enrolledBefore) }
          : {}),
      },
      { limit: query.limit ?? 25, cursor: query.cursor },
    );
  }
}
