import {
  checkAdjustmentApprover,
  DomainError,
  DomainErrorCode,
  type Program,
  type StaffPrincipal,
  type StaffRole,
} from '@loyalty/domain';
import type { AdjustmentRequestRecord, IdempotentAnswer } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import type { LedgerCommand } from '../common/ledger-command';
import { liveMemberOf } from '../common/member-resolver';
import { ProgramSettings } from '../common/program-settings';
import { type LedgerOperation, settleEach } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import { memberPointsOf } from '../common/member-points-operation';
import { ADJUSTMENT_BATCH_LIMIT, AdjustPointsUseCase } from './adjust-points.use-case';
import {
  type AdjustmentDecisionToPlan,
  type DecidedAdjustment,
  planAdjustmentDecision,
} from './adjustment.plan';

export type { DecidedAdjustment } from './adjustment.plan';

interface AdjustmentDecision {
  readonly command: LedgerCommand;
  readonly staff: StaffPrincipal;
  readonly decision: {
    readonly requestId: string;
    readonly approve: boolean;
    readonly note: string | null;
  };
  readonly program: Program;
  readonly expiresAt: Date | null;
}

const requestNotFound = () =>
  new DomainError(
    DomainErrorCode.AdjustmentRequestNotFound,
    'no adjustment request of the program has this id',
    'adjustmentRequestId',
  );

/**
 * Approves or rejects an adjustment waiting for a second person: an admin, or another manager of
 * the member's store where the program allows it — never the one who asked (the database refuses
 * that too). Approving posts it, exactly once, with both staff ids in the journal.
 */
@Injectable()
export class DecideAdjustmentUseCase {
  private readonly operation: LedgerOperation<
    AdjustmentDecision,
    AdjustmentRequestRecord,
    Pick<AdjustmentDecisionToPlan, 'request' | 'account'>,
    DecidedAdjustment
  > = {
    name: 'adjustment-decision',
    maxBatch: ADJUSTMENT_BATCH_LIMIT,
    maxInFlight: 2,
    claimOf: (item) => item.command.idempotency,
    conflictKeysOf: ({ command, decision }) => [
      `key\n${command.idempotency.caller}\n${command.idempotency.key}`,
      `adjustment-request\n${decision.requestId}`,
    ],
    // The request is locked first, so it is decided once; the member's account after.
    identify: (transaction, programId, items) =>
      settleEach(items, async ({ staff, decision, program }) => {
        const request = await transaction.reads.lockAdjustmentRequest(
          programId,
          decision.requestId,
        );
        if (!request) throw requestNotFound();
        if (request.status !== 'pending') {
          throw new DomainError(
            DomainErrorCode.AdjustmentAlreadyDecided,
            `this adjustment request was already ${request.status}`,
            'adjustmentRequestId',
          );
        }
        const member = liveMemberOf(
          await transaction.reads.memberFacts(programId, [request.memberId]),
          request.memberId,
          'adjustmentRequestId',
        );
        checkAdjustmentApprover(
          { requestedBy: request.requestedBy, requestedRole: request.requestedRole as StaffRole },
          staff,
          member,
          program.pointLimits,
        );
        return { memberIds: [request.memberId], found: request };
      }),
    load: (transaction, _, items) =>
      settleEach(items, async ({ item, found, accounts }) => ({
        request: found,
        account: item.decision.approve
          ? await memberPointsOf(transaction, accounts.get(found.memberId)!)
          : null,
      })),
    plan: (item, loaded, context) =>
      planAdjustmentDecision(
        {
          ...loaded,
          programId: item.command.programId,
          actor: item.command.actor,
          decidedBy: item.staff.staffId,
          approve: item.decision.approve,
          note: item.decision.note,
          expiresAt: item.expiresAt,
        },
        context,
      ),
  };

  constructor(
    private readonly settings: ProgramSettings,
    private readonly adjustPoints: AdjustPointsUseCase,
    private readonly writer: LedgerWriter,
  ) {}

  async execute(
    command: LedgerCommand,
    staff: StaffPrincipal,
    decision: AdjustmentDecision['decision'],
  ): Promise<IdempotentAnswer<DecidedAdjustment>> {
    const program = await this.settings.program(command.programId);
    const expiresAt = await this.adjustPoints.expiryOfAddedPoints(
      command.programId,
      program.timezone,
    );
    return this.writer.submit(this.operation, command.programId, {
      command,
      staff,
      decision,
      program,
      expiresAt,
    });
  }
}
