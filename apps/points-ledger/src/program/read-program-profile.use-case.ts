import type { EarningRuleSet, Program, ValuePolicyVersion } from '@loyalty/domain';
import { ProgramSettings } from '@loyalty/ledger';
import { ValuePolicyRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

/** The program as its tills, apps and staff read it: its settings and the rules in force now. */
export interface ProgramProfile {
  readonly program: Program;
  readonly earningRules: EarningRuleSet | null;
  readonly valuePolicy: ValuePolicyVersion | null;
}

@Injectable()
export class ReadProgramProfileUseCase {
  constructor(
    private readonly settings: ProgramSettings,
    private readonly policies: ValuePolicyRepository,
  ) {}

  async execute(programId: string): Promise<ProgramProfile> {
    const now = new Date();
    const [program, earningRules, valuePolicy] = await Promise.all([
      this.settings.program(programId),
      this.settings.earningRulesAt(programId, now),
      this.policies.inForceAt(programId, now),
    ]);
    return { program, earningRules, valuePolicy };
  }
}
