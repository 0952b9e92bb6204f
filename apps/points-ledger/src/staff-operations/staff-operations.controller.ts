import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import {
  AdjustPointsUseCase,
  type RecordedAdjustment,
  type RecordedTransfer,
  ReverseTransactionUseCase,
  type ReversedTransaction,
  TransferPointsUseCase,
} from '@loyalty/ledger';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, NotEquals } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { MAX_POINTS } from '../common/amounts';
import { BalanceAfterResponse } from '../common/balance.response';
import { answer, ApiIdempotencyKey, commandOf, IdempotencyKey } from '../common/idempotency';
import { TransactionIdParams } from '../points/points.requests';

export class TransferRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  fromMemberId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  toMemberId!: string;

  @ApiProperty({ example: 250 })
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  points!: number;

  @ApiPropertyOptional({ example: 'pooling points with a household member' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class AdjustmentRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  memberId!: string;

  @ApiProperty({ description: 'Positive adds points, negative removes them.', example: 100 })
  @IsInt()
  @NotEquals(0)
  @Min(-MAX_POINTS)
  @Max(MAX_POINTS)
  points!: number;

  @ApiProperty({ example: 'receipt scanned twice on 2026-11-02, points restored' })
  @IsString()
  @Length(3, 500)
  reason!: string;
}

export class ReversalRequest {
  @ApiProperty({ example: 'credited to the wrong member' })
  @IsString()
  @Length(3, 500)
  reason!: string;
}

class MemberBalanceAfter {
  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty({ type: BalanceAfterResponse })
  balance!: BalanceAfterResponse;
}

export class RecordedTransferResponse {
  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  @ApiProperty()
  points!: number;

  @ApiProperty({ type: MemberBalanceAfter })
  from!: MemberBalanceAfter;

  @ApiProperty({ type: MemberBalanceAfter })
  to!: MemberBalanceAfter;
}

export class RecordedAdjustmentResponse {
  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty()
  points!: number;

  @ApiProperty({ type: BalanceAfterResponse })
  balance!: BalanceAfterResponse;
}

class MemberMovement {
  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty()
  points!: number;
}

export class ReversedTransactionResponse {
  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  @ApiProperty({ format: 'uuid' })
  reversesTransactionId!: string;

  @ApiProperty({ type: [MemberMovement] })
  members!: MemberMovement[];
}

@ApiTags('staff')
@Controller({ version: '1' })
export class StaffOperationsController {
  constructor(
    private readonly transferPoints: TransferPointsUseCase,
    private readonly adjustPoints: AdjustPointsUseCase,
    private readonly reverseTransaction: ReverseTransactionUseCase,
  ) {}

  @Post('transfers')
  @StaffAccess(StaffPermission.TransferPoints)
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Move available points from one member to another' })
  @ApiCreatedResponse({ type: RecordedTransferResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetails,
    description: 'Too few available points.',
  })
  async transfer(
    @CurrentStaff() staff: StaffPrincipal,
    @IdempotencyKey() key: string,
    @Body() body: TransferRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecordedTransfer> {
    const outcome = await this.transferPoints.execute(commandOf(staff, key, 'transfer', body), {
      fromMemberId: body.fromMemberId,
      toMemberId: body.toMemberId,
      points: body.points,
      reason: body.reason ?? null,
    });
    return answer(reply, outcome);
  }

  @Post('adjustments')
  @StaffAccess(StaffPermission.AdjustPoints)
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Add or remove points by hand, with a reason (managers)' })
  @ApiCreatedResponse({ type: RecordedAdjustmentResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails, description: 'Removes more than held.' })
  async adjust(
    @CurrentStaff() staff: StaffPrincipal,
    @IdempotencyKey() key: string,
    @Body() body: AdjustmentRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecordedAdjustment> {
    const outcome = await this.adjustPoints.execute(commandOf(staff, key, 'adjustment', body), {
      memberId: body.memberId,
      points: body.points,
      reason: body.reason,
    });
    return answer(reply, outcome);
  }

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
      params.transactionId,
      body.reason,
    );
    return answer(reply, outcome);
  }
}
