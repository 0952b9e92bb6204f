import { type EarningRules, type EarningRuleSet } from '@loyalty/domain';
import { EarningRulesRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

/** Admins publish a new version of the rules; earlier versions stay, for the purchases they priced. */
@Injectable()
export class EarningRulesUseCases {
  constructor(private readonly rules: EarningRulesRepository) {}

  publish(
    programId: string,
    rules: EarningRules,
    effectiveFrom: Date,
    staffId: string | null,
  ): Promise<EarningRuleSet> {
    return this.rules.publish(programId, rules, effectiveFrom, staffId);
  }

  list(programId: string): Promise<EarningRuleSet[]> {
    return this.rules.list(programId);
  }

  inForceAt(programId: string, at: Date): Promise<EarningRuleSet | null> {
    return this.rules.inForceAt(programId, at);
  }
}
