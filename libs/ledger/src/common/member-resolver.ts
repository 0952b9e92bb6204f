import {
  CardStatus,
  DomainError,
  DomainErrorCode,
  type Member,
  type Program,
} from '@loyalty/domain';
import {
  CardRepository,
  type LedgerTransaction,
  MemberRepository,
  mergedMember,
  type ResolvedReference,
} from '@loyalty/persistence';
import type { Settled } from '../writer/group-commit';
import { Injectable } from '@nestjs/common';
import { ProgramSettings } from './program-settings';

/** How a write names the member: by the card presented at the till, or by id. */
export type MemberReference = { readonly cardNumber: string } | { readonly memberId: string };

export interface ResolvedMember {
  readonly member: Member;
  readonly cardId: string | null;
}

const cardNotFound = () =>
  new DomainError(
    DomainErrorCode.CardNotFound,
    'no card of the program has this number',
    'cardNumber',
  );
const cardNotActive = (status: string) =>
  new DomainError(
    DomainErrorCode.CardNotActive,
    `the card is ${status}: it cannot earn or spend points`,
    'cardNumber',
  );
const memberNotFound = (field: string) =>
  new DomainError(DomainErrorCode.MemberNotFound, 'no member of the program has this id', field);
const memberErased = (field: string) =>
  new DomainError(DomainErrorCode.MemberErased, 'the member erased their data', field);

/**
 * A member as a write read them in its own transaction (LedgerWriteReads.memberFacts); the same
 * refusals as MemberResolver.member.
 */
export function liveMemberOf<
  T extends { readonly erased: boolean; readonly mergedInto: string | null },
>(facts: ReadonlyMap<string, T>, memberId: string, field: string): T {
  const member = facts.get(memberId);
  if (!member) throw memberNotFound(field);
  if (member.erased) throw memberErased(field);
  if (member.mergedInto) throw mergedMember(member.mergedInto, field);
  return member;
}

/**
 * The member a reference names, from what a batched write found for it in one query; the same
 * refusals as MemberResolver.resolve.
 */
export function memberOfResolvedReference(
  reference: MemberReference,
  found: ResolvedReference,
): { memberId: string; cardId: string | null; tier: string | null } {
  if ('cardNumber' in reference) {
    if (!found.cardId || !found.cardStatus) throw cardNotFound();
    if (found.cardStatus !== (CardStatus.Active as string) || !found.memberId) {
      throw cardNotActive(found.cardStatus);
    }
  }
  if (!found.memberId) throw memberNotFound('memberId');
  if (found.erased) throw memberErased('memberId');
  if (found.mergedInto) throw mergedMember(found.mergedInto);
  return { memberId: found.memberId, cardId: found.cardId, tier: found.tier };
}

export type BatchMember = ReturnType<typeof memberOfResolvedReference>;

/** The member of each reference, in one query; a reference naming no usable member is refused. */
export async function identifyReferencedMembers(
  transaction: LedgerTransaction,
  programId: string,
  references: readonly MemberReference[],
): Promise<Settled<BatchMember>[]> {
  const found = await transaction.reads.resolveReferences(programId, references);
  return references.map((reference, n) => {
    try {
      return { ok: true, value: memberOfResolvedReference(reference, found[n]!) };
    } catch (error) {
      return { ok: false, error };
    }
  });
}

/**
 * The identify step of a write on the one member a reference names (a redemption, a hold): that
 * member is the one to lock, and what was found of them goes to the load step.
 */
export async function identifyOneReferencedMember<I>(
  transaction: LedgerTransaction,
  programId: string,
  items: readonly I[],
  referenceOf: (item: I) => MemberReference,
): Promise<Settled<{ memberIds: string[]; found: BatchMember }>[]> {
  return (await identifyReferencedMembers(transaction, programId, items.map(referenceOf))).map(
    (member) =>
      member.ok
        ? { ok: true, value: { memberIds: [member.value.memberId], found: member.value } }
        : member,
  );
}

/** Refuses a member who erased their data (410) or was merged into another (410, naming it). */
export function refuseGoneMember(
  member: Pick<Member, 'erasedAt' | 'mergedIntoMemberId'>,
  field = 'memberId',
): void {
  if (member.erasedAt) throw memberErased(field);
  if (member.mergedIntoMemberId) throw mergedMember(member.mergedIntoMemberId, field);
}

/** Two writes naming the same card, or the same member id, wait for each other. */
export const referenceConflictKey = (reference: MemberReference): string =>
  'cardNumber' in reference ? `card\n${reference.cardNumber}` : `member\n${reference.memberId}`;

/** Finds the program and member a write is for; blocked cards and erased members cannot earn or spend. */
@Injectable()
export class MemberResolver {
  constructor(
    private readonly cards: CardRepository,
    private readonly members: MemberRepository,
    private readonly settings: ProgramSettings,
  ) {}

  /** The caller's program; a credential always names one, so this fails only if it was deleted. */
  program(programId: string): Promise<Program> {
    return this.settings.program(programId);
  }

  async resolve(programId: string, reference: MemberReference): Promise<ResolvedMember> {
    let memberId: string;
    let cardId: string | null = null;
    if ('cardNumber' in reference) {
      const found = await this.cards.lookUpByNumber(programId, reference.cardNumber);
      if (!found) throw cardNotFound();
      if (found.card.status !== CardStatus.Active || !found.card.memberId) {
        throw cardNotActive(found.card.status);
      }
      memberId = found.card.memberId;
      cardId = found.card.id;
    } else {
      memberId = reference.memberId;
    }
    return { member: await this.member(programId, memberId), cardId };
  }

  async member(programId: string, memberId: string, field = 'memberId'): Promise<Member> {
    const member = await this.members.findById(programId, memberId);
    if (!member) throw memberNotFound(field);
    refuseGoneMember(member, field);
    return member;
  }
}
