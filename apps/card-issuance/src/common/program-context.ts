import { DomainError, DomainErrorCode, type Program } from '@loyalty/domain';
import { ProgramRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

/** The caller's program, as the use cases need it (card prefix, limits, currency). */
@Injectable()
export class ProgramContext {
  constructor(private readonly programs: ProgramRepository) {}

  async load(programId: string): Promise<Program> {
    const program = await this.programs.findById(programId);
    // A credential always names an existing program; this only fails if one was deleted.
    if (!program) throw new DomainError(DomainErrorCode.PermissionDenied, 'the program is gone');
    return program;
  }
}
