import {
  DomainError,
  DomainErrorCode,
  type EarningRuleSet,
  type Program,
  type ValuePolicyVersion,
} from '@loyalty/domain';
import {
  EarningRulesRepository,
  ExpiringCache,
  ProgramRepository,
  ValuePolicyRepository,
} from '@loyalty/persistence';

import { Injectable } from '@nestjs/common';

/**
 * How long a program's settings are kept in memory. A till's every purchase needs the program,
 * its earning rules and its tiers; reading them once per request would cost more than the write.
 * A change made through this process shows at once, one made elsewhere within this time.
 */
export const PROGRAM_SETTINGS_TTL_MS = 5_000;

/** The version in force at `at`: the latest effective by then, the higher version on a tie. */
function inForceAt<V extends { effectiveFrom: Date; version: number }>(
  versions: readonly V[],
  at: Date,
): V | null {
  let found: V | null = null;
  for (const version of versions) {
    if (version.effectiveFrom.getTime() > at.getTime()) continue;
    if (
      !found ||
      version.effectiveFrom.getTime() > found.effectiveFrom.getTime() ||
      (version.effectiveFrom.getTime() === found.effectiveFrom.getTime() &&
        version.version > found.version)
    ) {
      found = version;
    }
  }
  return found;
}

/** The program, its earning rules and its value policy, as the write path reads them. */
@Injectable()
export class ProgramSettings {
  private readonly programs = new ExpiringCache<string, Program | null>(PROGRAM_SETTINGS_TTL_MS);
  private readonly ruleSets = new ExpiringCache<string, EarningRuleSet[]>(PROGRAM_SETTINGS_TTL_MS);
  private readonly policies = new ExpiringCache<string, ValuePolicyVersion[]>(
    PROGRAM_SETTINGS_TTL_MS,
  );

  constructor(
    private readonly programRepository: ProgramRepository,
    private readonly earningRules: EarningRulesRepository,
    private readonly valuePolicies: ValuePolicyRepository,
  ) {}

  /** The caller's program; a credential always names one, so this fails only if it was deleted. */
  async program(programId: string): Promise<Program> {
    const program = await this.programs.get(programId, () =>
      this.programRepository.findById(programId),
    );
    if (!program) throw new DomainError(DomainErrorCode.PermissionDenied, 'the program is gone');
    return program;
  }

  async earningRulesAt(programId: string, at: Date): Promise<EarningRuleSet | null> {
    const versions = await this.ruleSets.get(programId, () => this.earningRules.list(programId));
    return inForceAt(versions, at);
  }

  /** The earning multiplier of the member's tier under the policy in force now, if any. */
  async tierMultiplierBp(programId: string, tier: string | null): Promise<number | undefined> {
    if (!tier) return undefined;
    const versions = await this.policies.get(programId, () => this.valuePolicies.list(programId));
    return inForceAt(versions, new Date())?.policy.tiers.find((each) => each.name === tier)
      ?.earningMultiplierBp;
  }

  /** Called after this process published new rules or a new policy for the program. */
  forget(programId: string): void {
    this.programs.forget(programId);
    this.ruleSets.forget(programId);
    this.policies.forget(programId);
  }
}
