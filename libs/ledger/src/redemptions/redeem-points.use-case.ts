import { DomainError, DomainErrorCode } from '@loyalty/domain';
import type { IdempotentAnswer } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import type { LedgerCommand } from '../common/ledger-command';
import {
  type BatchMember,
  identifyReferencedMembers,
  referenceConflictKey,
} from '../common/member-resolver';
import type { Settled } from '../writer/group-commit';
import type { LedgerOperation } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import { REDEMPTION_CODE_MAX_ATTEMPTS, redemptionCodeHash } from './redemption-codes';
import {
  planRedemption,
  type RecordedRedemption,
  type RedemptionToPlan,
  type RedemptionToRecord,
} from './redemption.plan';

export type { RecordedRedemption, RedemptionToRecord } from './redemption.plan';

/** The most redemptions one transaction takes (see PURCHASE_BATCH_LIMIT). */
export const REDEMPTION_BATCH_LIMIT = 256;

/** Redemption batches of one program written at once (see PURCHASE_BATCHES_IN_FLIGHT). */
export const REDEMPTION_BATCHES_IN_FLIGHT = 4;

interface RedemptionDebit {
  readonly command: LedgerCommand;
  readonly redemption: RedemptionToRecord;
}

const redemptionCodeInvalid = () =>
  new DomainError(
    DomainErrorCode.RedemptionCodeInvalid,
    "the redemption code is wrong, used or expired: ask the member's app for a new one",
    'redemptionCode',
  );

/**
 * Spends available points (never pending ones), soonest-expiring lots first, authorised by the
 * member's redemption code. The member's account is locked for the whole write, so concurrent
 * redemptions of one member run one after another and none can overdraw. A redemption is refused
 * alone, as it would be on its own: its code is checked first (a wrong one counts a failed try),
 * then its points.
 *
 * Concurrent redemptions of a program are written together (group commit, LedgerWriter); each
 * caller gets its own answer once its redemption is committed.
 */
@Injectable()
export class RedeemPointsUseCase {
  private readonly operation: LedgerOperation<
    RedemptionDebit,
    BatchMember,
    Pick<RedemptionToPlan, 'codeId' | 'points'>,
    RecordedRedemption
  > = {
    name: 'redemption',
    maxBatch: REDEMPTION_BATCH_LIMIT,
    maxInFlight: REDEMPTION_BATCHES_IN_FLIGHT,
    claimOf: (item) => item.command.idempotency,
    conflictKeysOf: ({ command, redemption }) => [
      `key\n${command.idempotency.caller}\n${command.idempotency.key}`,
      referenceConflictKey(redemption.member),
    ],
    identify: async (transaction, programId, items) =>
      (
        await identifyReferencedMembers(
          transaction,
          programId,
          items.map((item) => item.redemption.member),
        )
      ).map((member) =>
        member.ok
          ? { ok: true, value: { memberIds: [member.value.memberId], found: member.value } }
          : member,
      ),
    load: async (transaction, _, items) => {
      const codes = await transaction.reads.liveRedemptionCodes(
        items.map(({ item, found }) => ({
          memberId: found.memberId,
          codeHash: redemptionCodeHash(found.memberId, item.redemption.redemptionCode),
        })),
        REDEMPTION_CODE_MAX_ATTEMPTS,
      );
      await transaction.reads.countFailedRedemptionCodes(
        items.flatMap(({ found }, n) => (codes[n] ? [] : [found.memberId])),
      );
      const accountOf = (n: number) => items[n]!.accounts.get(items[n]!.found.memberId)!;
      const lots = await transaction.openLots(
        items.flatMap((_, n) => (codes[n] ? [accountOf(n).accountId] : [])),
      );
      return items.map((_, n): Settled<Pick<RedemptionToPlan, 'codeId' | 'points'>> => {
        const codeId = codes[n];
        if (!codeId) return { ok: false, error: redemptionCodeInvalid() };
        const account = accountOf(n);
        return {
          ok: true,
          value: { codeId, points: { ...account, lots: lots.get(account.accountId)! } },
        };
      });
    },
    plan: (item, loaded, context) =>
      planRedemption(
        {
          programId: item.command.programId,
          redemption: item.redemption,
          actor: item.command.actor,
          ...loaded,
        },
        context,
      ),
  };

  constructor(private readonly writer: LedgerWriter) {}

  execute(
    command: LedgerCommand,
    redemption: RedemptionToRecord,
  ): Promise<IdempotentAnswer<RecordedRedemption>> {
    return this.writer.submit(this.operation, command.programId, { command, redemption });
  }
}
