import { type CatalogReward, startOfPeriod } from '@loyalty/domain';
import { type IdempotentAnswer, rewardNotFound } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { LedgerCommand } from '../common/ledger-command';
import {
  type BatchMember,
  identifyOneReferencedMember,
  type MemberReference,
  referenceConflictKey,
} from '../common/member-resolver';
import { ProgramSettings } from '../common/program-settings';
import { loadCodeAuthorisedPoints } from '../redemptions/code-authorised-points';
import type { Settled } from '../writer/group-commit';
import type { LedgerOperation } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import {
  type ClaimedVoucher,
  type ClaimToPlan,
  planVoucherClaim,
  type RewardClaim,
} from './voucher-claim.plan';
import { VoucherCodes } from './voucher-codes';

export type { ClaimedVoucher } from './voucher-claim.plan';

interface ClaimRequest {
  readonly command: LedgerCommand;
  readonly claim: RewardClaim;
}

type ClaimLoad = Omit<ClaimToPlan, 'programId' | 'actor' | 'claim'>;

/**
 * A member claims a reward in the app, or a till claims it for them with their redemption code:
 * points debited and a voucher issued in one ledger write, exactly once under the key. The
 * reward's row is locked under the member's, so claims of one reward run one after another and
 * its stock is never oversold; two claims of one reward never share a batch.
 */
@Injectable()
export class ClaimRewardUseCase {
  private readonly operation: LedgerOperation<
    ClaimRequest,
    BatchMember,
    ClaimLoad,
    ClaimedVoucher
  > = {
    name: 'voucher-claim',
    maxBatch: 64,
    maxInFlight: 4,
    claimOf: (item) => item.command.idempotency,
    conflictKeysOf: ({ command, claim }) => [
      `key\n${command.idempotency.caller}\n${command.idempotency.key}`,
      referenceConflictKey(claim.member),
      `reward\n${claim.rewardId}`,
    ],
    identify: (transaction, programId, items) =>
      identifyOneReferencedMember(transaction, programId, items, (item) => item.claim.member),
    load: async (transaction, programId, items) => {
      const now = new Date();
      const { timezone } = await this.settings.program(programId);
      // Rewards are locked in id order, after the members: two batches never wait on each other.
      const rewards = new Map<string, CatalogReward | null>();
      for (const rewardId of [...new Set(items.map(({ item }) => item.claim.rewardId))].sort()) {
        rewards.set(
          rewardId,
          await transaction.rewardReads.lockCatalogReward(programId, rewardId, now),
        );
      }
      const coded = items.filter(({ item }) => item.claim.redemptionCode !== null);
      const authorised = await loadCodeAuthorisedPoints(
        transaction,
        coded,
        (item) => item.claim.redemptionCode!,
      );
      const inApp = items.filter(({ item }) => item.claim.redemptionCode === null);
      const appLots = await transaction.openLots(
        inApp.map(({ found, accounts }) => accounts.get(found.memberId)!.accountId),
      );
      const settled: Settled<ClaimLoad>[] = [];
      for (const loading of items) {
        const { item, found, accounts } = loading;
        const reward = rewards.get(item.claim.rewardId);
        if (!reward) {
          settled.push({ ok: false, error: rewardNotFound() });
          continue;
        }
        let codeId: string | null = null;
        let points;
        if (item.claim.redemptionCode !== null) {
          const outcome = authorised[coded.indexOf(loading)]!;
          if (!outcome.ok) {
            settled.push(outcome);
            continue;
          }
          codeId = outcome.value.codeId;
          points = outcome.value.points;
        } else {
          const account = accounts.get(found.memberId)!;
          points = { ...account, lots: appLots.get(account.accountId)! };
        }
        const limit = reward.terms.perMemberLimit;
        const claimsInPeriod = limit
          ? await transaction.rewardReads.voucherClaimsSince(
              found.memberId,
              reward.id,
              startOfPeriod(now, limit.period, timezone),
            )
          : 0;
        settled.push({
          ok: true,
          value: { reward, tier: found.tier, claimsInPeriod, codeId, points },
        });
      }
      return settled;
    },
    plan: (item, loaded, context) =>
      planVoucherClaim(
        {
          ...loaded,
          programId: item.command.programId,
          actor: item.command.actor,
          claim: item.claim,
        },
        context,
      ),
  };

  constructor(
    private readonly writer: LedgerWriter,
    private readonly settings: ProgramSettings,
    private readonly codes: VoucherCodes,
  ) {}

  execute(
    command: LedgerCommand,
    claim: {
      readonly member: MemberReference;
      readonly rewardId: string;
      readonly redemptionCode: string | null;
      readonly storeId: string | null;
    },
  ): Promise<IdempotentAnswer<ClaimedVoucher>> {
    const voucherId = randomUUID();
    return this.writer.submit(this.operation, command.programId, {
      command,
      claim: { ...claim, voucherId, codeHash: this.codes.hashOf(voucherId) },
    });
  }
}
