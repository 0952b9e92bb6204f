import { holdNotFound } from '@loyalty/ledger';
import { LedgerReadsRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import type { HoldResponse } from './holds.responses';

/** A hold as a till of its store sees it: after a crash or a timeout it learns where it stands. */
@Injectable()
export class ReadHoldUseCase {
  constructor(private readonly reads: LedgerReadsRepository) {}

  async execute(programId: string, storeId: string, holdId: string): Promise<HoldResponse> {
    const hold = await this.reads.hold(programId, storeId, holdId);
    if (!hold) throw holdNotFound();
    return {
      holdId: hold.id,
      memberId: hold.memberId,
      points: hold.points,
      status: hold.status,
      capturedPoints: hold.capturedPoints,
      settledBy: hold.settledBy,
      reference: hold.reference,
      expiresAt: hold.expiresAt.toISOString(),
      createdAt: hold.createdAt.toISOString(),
      settledAt: hold.settledAt?.toISOString() ?? null,
    };
  }
}
