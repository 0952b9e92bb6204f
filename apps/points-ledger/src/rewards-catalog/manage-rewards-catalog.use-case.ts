import {
  type CatalogReward,
  type ClaimRefusal,
  claimRefusals,
  DomainError,
  isOnOffer,
  DomainErrorCode,
  type RewardTerms,
  startOfPeriod,
} from '@loyalty/domain';
import { MemberResolver, ProgramSettings } from '@loyalty/ledger';
import {
  CatalogRepository,
  type CatalogRewardVersion,
  LedgerReadsRepository,
  rewardNotFound,
  ValuePolicyRepository,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';

/** A reward in the member's catalog, and why they may not claim it now. */
export interface MemberCatalogEntry {
  readonly reward: CatalogReward;
  readonly refusals: readonly ClaimRefusal[];
}

/**
 * Admins and marketing publish the catalog; every version stays, for the vouchers claimed under
 * it. Members see what is on offer now, each reward with every reason they may not claim it.
 */
@Injectable()
export class ManageRewardsCatalogUseCase {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly policies: ValuePolicyRepository,
    private readonly reads: LedgerReadsRepository,
    private readonly members: MemberResolver,
    private readonly settings: ProgramSettings,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ManageRewardsCatalogUseCase.name);
  }

  async create(
    programId: string,
    code: string,
    terms: RewardTerms,
    effectiveFrom: Date,
    staffId: string | null,
  ): Promise<string> {
    await this.refuseUnknownNames(programId, terms);
    const rewardId = await this.catalog.create(programId, code, terms, effectiveFrom, staffId);
    this.logger.info({ programId, rewardId, staffId }, 'reward added to the catalog');
    return rewardId;
  }

  async publish(
    programId: string,
    rewardId: string,
    terms: RewardTerms,
    effectiveFrom: Date,
    staffId: string | null,
  ): Promise<void> {
    await this.refuseUnknownNames(programId, terms);
    await this.catalog.publish(programId, rewardId, terms, effectiveFrom, staffId);
    this.logger.info({ programId, rewardId, staffId }, 'reward version published');
  }

  list(programId: string): Promise<CatalogReward[]> {
    return this.catalog.list(programId, new Date());
  }

  /** A reward as in force now (or, before its first version is, as it will be), and its versions. */
  async detail(
    programId: string,
    rewardId: string,
  ): Promise<{ reward: CatalogReward; versions: CatalogRewardVersion[] }> {
    const versions = await this.catalog.versions(programId, rewardId);
    if (versions.length === 0) throw rewardNotFound();
    const reward =
      (await this.catalog.find(programId, rewardId, new Date())) ??
      (await this.catalog.find(programId, rewardId, versions.at(-1)!.effectiveFrom))!;
    return { reward, versions };
  }

  /**
   * What the member may claim now: every active reward inside its availability window, each with
   * every reason it cannot be claimed (an empty list: it can).
   */
  async memberCatalog(programId: string, memberId: string): Promise<MemberCatalogEntry[]> {
    // The tier the worker last assigned, as the claim itself reads it.
    const { tier } = await this.members.member(programId, memberId);
    const now = new Date();
    const { timezone } = await this.settings.program(programId);
    const offered = (await this.catalog.list(programId, now)).filter((reward) =>
      isOnOffer(reward.terms, now),
    );
    const balance = await this.reads.balanceOf(memberId, now);
    const claims = await this.catalog.claimsOf(
      memberId,
      offered.map((reward) => ({
        rewardId: reward.id,
        since: reward.terms.perMemberLimit
          ? startOfPeriod(now, reward.terms.perMemberLimit.period, timezone)
          : null,
      })),
    );
    return offered.map((reward) => ({
      reward,
      refusals: claimRefusals(
        reward,
        {
          availablePoints: balance.available,
          tier,
          claimsInPeriod: reward.terms.perMemberLimit ? (claims.get(reward.id) ?? 0) : 0,
        },
        now,
      ),
    }));
  }

  /** Stores and tiers are named by what the program has: a typo would hide the reward. */
  private async refuseUnknownNames(programId: string, terms: RewardTerms): Promise<void> {
    if (terms.storeIds.length > 0) {
      const known = await this.catalog.storesOf(programId, terms.storeIds);
      const unknown = terms.storeIds.findIndex((storeId) => !known.has(storeId));
      if (unknown >= 0) {
        throw new DomainError(
          DomainErrorCode.ValidationFailed,
          'no store of the program has this id',
          `storeIds.${unknown}`,
        );
      }
    }
    if (terms.tiers.length > 0) {
      const names = new Set(
        (await this.policies.list(programId)).flatMap((version) =>
          version.policy.tiers.map((tier) => tier.name),
        ),
      );
      const unknown = terms.tiers.findIndex((tier) => !names.has(tier));
      if (unknown >= 0) {
        throw new DomainError(
          DomainErrorCode.ValidationFailed,
          'no tier of the program’s value policy has this name',
          `tiers.${unknown}`,
        );
      }
    }
  }
}
