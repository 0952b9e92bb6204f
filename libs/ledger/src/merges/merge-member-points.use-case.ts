import { checkMerge, type LedgerActor, type StaffPrincipal } from '@loyalty/domain';
import type { IdempotentAnswer } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { liveMemberOf } from '../common/member-resolver';
import { type LedgerOperation, settleEach } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import { type MergedPoints, type MergeToPlan, planMerge } from './merge.plan';

export type { MergedPoints } from './merge.plan';

export interface MemberMergeRequest {
  readonly programId: string;
  readonly staff: StaffPrincipal;
  readonly duplicateMemberId: string;
  readonly survivorMemberId: string;
  readonly reason: string;
}

/**
 * The ledger's part of a merge of duplicates (docs/decisions/0015-member-merges.md): both members'
 * accounts are locked, in member-id order like every write, the duplicate's points move lot by lot,
 * and the outbox tells the worker to score the survivor again. Written under the merge request's
 * own Idempotency-Key (card-issuance's IdempotentWrite), inside its transaction, so the ledger
 * claims no key of its own.
 */
@Injectable()
export class MergeMemberPointsUseCase {
  private readonly operation: LedgerOperation<
    MemberMergeRequest,
    null,
    Pick<MergeToPlan, 'duplicate' | 'survivor' | 'openHolds'>,
    MergedPoints
  > = {
    name: 'merge',
    maxBatch: 1,
    maxInFlight: 1,
    claimOf: () => null,
    conflictKeysOf: ({ duplicateMemberId, survivorMemberId }) => [
      `member\n${duplicateMemberId}`,
      `member\n${survivorMemberId}`,
    ],
    identify: (transaction, programId, items) =>
      settleEach(items, async ({ staff, duplicateMemberId, survivorMemberId }) => {
        const facts = await transaction.reads.memberFacts(programId, [
          duplicateMemberId,
          survivorMemberId,
        ]);
        const duplicate = liveMemberOf(facts, duplicateMemberId, 'memberId');
        const survivor = liveMemberOf(facts, survivorMemberId, 'intoMemberId');
        checkMerge(
          staff,
          { id: duplicateMemberId, enrolledStoreId: duplicate.enrolledStoreId },
          { id: survivorMemberId, enrolledStoreId: survivor.enrolledStoreId },
        );
        return { memberIds: [duplicateMemberId, survivorMemberId], found: null };
      }),
    load: (transaction, _, items) =>
      settleEach(items, async ({ item, accounts }) => {
        const duplicate = accounts.get(item.duplicateMemberId)!;
        const survivor = accounts.get(item.survivorMemberId)!;
        const lots = await transaction.openLots([duplicate.accountId, survivor.accountId]);
        return {
          duplicate: { ...duplicate, lots: lots.get(duplicate.accountId)! },
          survivor: { ...survivor, lots: lots.get(survivor.accountId)! },
          openHolds: await transaction.reads.openHoldCount(item.duplicateMemberId),
        };
      }),
    plan: (item, loaded, context) =>
      planMerge(
        {
          ...loaded,
          programId: item.programId,
          actor: { kind: 'staff', id: item.staff.staffId } satisfies LedgerActor,
          reason: item.reason,
        },
        context,
      ),
  };

  constructor(private readonly writer: LedgerWriter) {}

  execute(request: MemberMergeRequest): Promise<IdempotentAnswer<MergedPoints>> {
    return this.writer.submit(this.operation, request.programId, request);
  }
}
