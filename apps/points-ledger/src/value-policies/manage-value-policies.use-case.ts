import { checkTierLadder, type ValuePolicy, type ValuePolicyVersion } from '@loyalty/domain';
import { ProgramSettings } from '@loyalty/ledger';
import { ValuePolicyRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

/** The program's value policy versions: every one of them, and a new one published. */
@Injectable()
export class ManageValuePoliciesUseCase {
  constructor(
    private readonly policies: ValuePolicyRepository,
    private readonly settings: ProgramSettings,
  ) {}

  list(programId: string): Promise<ValuePolicyVersion[]> {
    return this.policies.list(programId);
  }

  /** A policy whose tiers do not climb is refused; a published one earns at once here. */
  async publish(
    programId: string,
    policy: ValuePolicy,
    effectiveFrom: Date,
    staffId: string,
  ): Promise<ValuePolicyVersion> {
    checkTierLadder(policy);
    const version = await this.policies.publish(programId, policy, effectiveFrom, staffId);
    this.settings.forget(programId);
    return version;
  }
}
