import type { ProgramPointLimits, StaffPrincipal } from '@loyalty/domain';
import { ProgramSettings } from '@loyalty/ledger';
import { ProgramRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';

/** The program's limits on tills, members and staff (decision 0009): read, and replaced by admins. */
@Injectable()
export class ManagePointLimitsUseCase {
  constructor(
    private readonly settings: ProgramSettings,
    private readonly programs: ProgramRepository,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ManagePointLimitsUseCase.name);
  }

  async read(programId: string): Promise<ProgramPointLimits> {
    return (await this.settings.program(programId)).pointLimits;
  }

  /** Applied here at once; other replicas of the ledger apply them within five seconds. */
  async replace(staff: StaffPrincipal, limits: ProgramPointLimits): Promise<ProgramPointLimits> {
    await this.programs.setPointLimits(staff.programId, limits);
    this.settings.forget(staff.programId);
    // Who loosened or tightened a program's bounds on points is an operator's first question.
    this.logger.info(
      { programId: staff.programId, staffId: staff.staffId, pointLimits: limits },
      'point limits replaced',
    );
    return this.read(staff.programId);
  }
}
