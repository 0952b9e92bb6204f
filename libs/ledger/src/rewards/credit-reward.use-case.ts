import { expiryOf, type MemberPoints } from '@loyalty/domain';
import { EarningRulesRepository, type IdempotentAnswer } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { requestFingerprint } from '../common/ledger-command';
import { MemberResolver } from '../common/member-resolver';
import { type LedgerOperation, settleEachNow } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import { type CreditedReward, planReward, type RewardToCredit } from './reward.plan';

export type { CreditedReward, RewardToCredit } from './reward.plan';

interface RewardCredit {
  readonly reward: RewardToCredit;
  readonly expiresAt: Date | null;
}

const claimOf = (reward: RewardToCredit) => ({
  programId: reward.programId,
  caller: 'system:value-scoring',
  key: `reward:${reward.grantId}`,
  requestHash: requestFingerprint('reward', reward),
});

/**
 * Credits a reward the value policy granted (a tier upgrade bonus, a win-back incentive) from the
 * program's rewards account: spendable at once, expiring by the current earning rules. The
 * scoring run's rewards of a program are written together (group commit).
 */
@Injectable()
export class CreditRewardUseCase {
  private readonly operation: LedgerOperation<RewardCredit, null, MemberPoints, CreditedReward> = {
    name: 'reward',
    maxBatch: 256,
    maxInFlight: 2,
    claimOf: ({ reward }) => claimOf(reward),
    conflictKeysOf: ({ reward }) => [`grant\n${reward.grantId}`],
    identify: (_, __, items) =>
      Promise.resolve(
        settleEachNow(items, ({ reward }) => ({ memberIds: [reward.memberId], found: null })),
      ),
    // A reward only credits: the balance is all its book needs.
    load: (_, __, items) =>
      Promise.resolve(
        settleEachNow(items, ({ item, accounts }) => ({
          ...accounts.get(item.reward.memberId)!,
          lots: [],
        })),
      ),
    plan: ({ reward, expiresAt }, member, context) =>
      planReward({ ...reward, expiresAt }, member, context),
  };

  constructor(
    private readonly rules: EarningRulesRepository,
    private readonly memberResolver: MemberResolver,
    private readonly writer: LedgerWriter,
  ) {}

  async execute(reward: RewardToCredit): Promise<IdempotentAnswer<CreditedReward>> {
    const program = await this.memberResolver.program(reward.programId);
    const now = new Date();
    const ruleSet = await this.rules.inForceAt(program.id, now);
    const expiresAt = ruleSet ? expiryOf(ruleSet.rules.expiry, now, program.timezone) : null;
    return this.writer.submit(this.operation, program.id, { reward, expiresAt });
  }
}
