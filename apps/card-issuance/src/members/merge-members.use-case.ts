import { checkMerge, type Member, type StaffPrincipal } from '@loyalty/domain';
import { MergeMemberPointsUseCase, refuseGoneMember } from '@loyalty/ledger';
import { type MergedRecords, MemberMergeRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

export interface MemberMerge {
  readonly mergeId: string;
  readonly duplicateMemberId: string;
  readonly survivor: Member;
  /** The ledger's merge transaction; null when the duplicate held no points. */
  readonly transactionId: string | null;
  /** The duplicate's balance, now the survivor's (negative for a debt). */
  readonly points: number;
  readonly moved: MergedRecords;
}

/**
 * A manager (or an admin) merges a duplicate enrolled at the desk into the member it duplicates
 * (docs/decisions/0015-member-merges.md). Both members' rows are locked first; the ledger moves
 * the points lot by lot, keeping their dates; the members' side moves cards, purchases, tier
 * history and survey answers and writes the audit, all in one transaction. Merging is final: the
 * duplicate answers 410 naming the survivor from then on, so a repeated request cannot merge
 * twice.
 */
@Injectable()
export class MergeMembersUseCase {
  constructor(
    private readonly merges: MemberMergeRepository,
    private readonly mergePoints: MergeMemberPointsUseCase,
  ) {}

  execute(
    staff: StaffPrincipal,
    duplicateMemberId: string,
    request: { readonly intoMemberId: string; readonly reason: string },
  ): Promise<MemberMerge> {
    return this.merges.inOneTransaction(async () => {
      const { duplicate, survivor } = await this.merges.lockPair(
        staff.programId,
        duplicateMemberId,
        request.intoMemberId,
      );
      refuseGoneMember(duplicate, 'memberId');
      refuseGoneMember(survivor, 'intoMemberId');
      checkMerge(staff, duplicate, survivor);
      const points = (
        await this.mergePoints.execute({
          programId: staff.programId,
          staff,
          duplicateMemberId,
          survivorMemberId: survivor.id,
          reason: request.reason,
        })
      ).body;
      const mergeId = randomUUID();
      const { survivor: merged, moved } = await this.merges.moveRecords(
        {
          id: mergeId,
          programId: staff.programId,
          duplicateMemberId,
          survivorMemberId: survivor.id,
          mergedBy: staff.staffId,
          reason: request.reason,
          transactionId: points.transactionId,
          lotsMoved: points.lotsMoved,
        },
        duplicate,
      );
      return {
        mergeId,
        duplicateMemberId,
        survivor: merged,
        transactionId: points.transactionId,
        points: points.points,
        moved,
      };
    });
  }
}
