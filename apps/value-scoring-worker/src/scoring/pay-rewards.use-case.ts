import { CreditRewardUseCase } from '@loyalty/ledger';
import { ValueScoringRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

/**
 * Pays the rewards owed, each through the ledger under its grant's id as idempotency key: a
 * retried, duplicated or crashed run replays the credit instead of paying it twice.
 */
@Injectable()
export class PayRewardsUseCase {
  constructor(
    private readonly scoring: ValueScoringRepository,
    private readonly creditReward: CreditRewardUseCase,
  ) {}

  async execute(programId: string, memberIds: readonly string[] | null): Promise<number> {
    const owed = await this.scoring.unpaidGrants(programId, memberIds);
    for (const grant of owed) {
      const credited = await this.creditReward.execute({
        grantId: grant.id,
        programId,
        memberId: grant.memberId,
        points: grant.points,
        reason: grant.reason,
      });
      await this.scoring.markGrantPaid(grant.id, credited.body.transactionId);
    }
    return owed.length;
  }
}
