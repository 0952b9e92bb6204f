import { expiryOf, JournalTransactionKind, PointsBook } from '@loyalty/domain';
import {
  EarningRulesRepository,
  type IdempotentOutcome,
  LedgerRepository,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { requestFingerprint } from '../common/ledger-command';
import { accountOf, postingOf } from '../common/member-posting';
import { MemberResolver } from '../common/member-resolver';

export interface RewardToCredit {
  /** The grant's id: the idempotency key, so the reward is credited once however often asked. */
  readonly grantId: string;
  readonly programId: string;
  readonly memberId: string;
  readonly points: number;
  readonly reason: string;
}

export interface CreditedReward {
  readonly transactionId: string;
  readonly memberId: string;
  readonly points: number;
}

/**
 * Credits a reward the value policy granted (a tier upgrade bonus, a win-back incentive) from the
 * program's rewards account: spendable at once, expiring by the current earning rules.
 */
@Injectable()
export class CreditRewardUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly rules: EarningRulesRepository,
    private readonly memberResolver: MemberResolver,
  ) {}

  async execute(reward: RewardToCredit): Promise<IdempotentOutcome<CreditedReward>> {
    const program = await this.memberResolver.program(reward.programId);
    const accounts = await this.ledger.programAccountIds(program.id, reward.memberId);
    const now = new Date();
    const ruleSet = await this.rules.inForceAt(program.id, now);
    const expiresAt = ruleSet ? expiryOf(ruleSet.rules.expiry, now, program.timezone) : null;
    const claim = {
      programId: program.id,
      caller: 'system:value-scoring',
      key: `reward:${reward.grantId}`,
      requestHash: requestFingerprint('reward', reward),
    };
    return this.ledger.runIdempotent(claim, async (unit) => {
      const account = accountOf(
        await unit.lockMemberAccounts(program.id, [reward.memberId]),
        reward.memberId,
      );
      const book = new PointsBook(account.balance, [], now);
      book.credit({ id: randomUUID(), amount: reward.points, availableFrom: now, expiresAt });
      const transactionId = randomUUID();
      await unit.post({
        id: transactionId,
        programId: program.id,
        kind: JournalTransactionKind.Reward,
        memberId: reward.memberId,
        actor: { kind: 'system', id: null },
        reason: reward.reason,
        details: { grantId: reward.grantId },
        entries: [
          { accountId: account.accountId, points: reward.points },
          { accountId: accounts.rewards, points: -reward.points },
        ],
        ...postingOf(account, book),
      });
      await unit.writeOutbox([
        {
          programId: program.id,
          memberId: reward.memberId,
          type: 'points.rewarded',
          payload: {
            transactionId,
            memberId: reward.memberId,
            points: reward.points,
            grantId: reward.grantId,
          },
        },
      ]);
      return {
        status: 201,
        body: { transactionId, memberId: reward.memberId, points: reward.points },
      };
    });
  }
}
