import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ReverseTransactionUseCase, type ReversedTransaction } from '@loyalty/ledger';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { answer, ApiIdempotencyKey, commandOf, IdempotencyKey } from '../common/idempotency';
import { TransactionIdParams } from '../points/points.requests';
import { ReversalRequest } from './staff-operations.requests';
import { ReversedTransactionResponse } from './staff-operations.responses';

@ApiTags('staff')
@Controller({ version: '1' })
export class StaffOperationsController {
  constructor(private readonly reverseTransaction: ReverseTransactionUseCase) {}

  @Post('transactions/:transactionId/reversal')
  @StaffAccess(StaffPermission.ReverseTransactions)
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Undo a transaction with a reversing one, at most once (managers)' })
  @ApiCreatedResponse({ type: ReversedTransactionResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiConflictResponse({ type: ProblemDetails, description: 'Already reversed.' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails, description: 'Not reversible.' })
  async reverse(
    @CurrentStaff() staff: StaffPrincipal,
    @IdempotencyKey() key: string,
    @Param() params: TransactionIdParams,
    @Body() body: ReversalRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReversedTransaction> {
    const outcome = await this.reverseTransaction.execute(
      commandOf(staff, key, 'reversal', { ...params, ...body }),
      staff,
      params.transactionId,
      body.reason,
    );
    return answer(reply, outcome);
  }
}
