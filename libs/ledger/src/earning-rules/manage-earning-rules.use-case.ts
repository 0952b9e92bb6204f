import { type EarningRules, type EarningRuleSet } from '@loyalty/domain';
import { EarningRulesRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { ProgramSettings } from '../common/program-settings';

/** Admins publish a new version of the rules; earlier versions stay, for the purchases they priced. */
@Injectable()
export class ManageEarningRulesUseCase {
  constructor(
    private readonly rules: EarningRulesRepository,
    private readonly settings: ProgramSettings,
  ) {}

  async publish(
    programId: string,
    rules: EarningRules,
    effectiveFrom: Date,
    staffId: string | null,
  ): Promise<EarningRuleSet> {
    const published = await this.rules.publish(programId, rules, effectiveFrom, staffId);
    this.settings.forget(programId);
    return published;
  }

  list(programId: string): Promise<EarningRuleSet[]> {
    return this.rules.list(programId);
  }

  inForceAt(programId: string, at: Date): Promise<EarningRuleSet | null> {
    return this.rules.inForceAt(programId, at);
  }
}
