import {
  CurrentMember,
  CurrentTerminal,
  MemberAccess,
  PosTerminalAccess,
  RateLimit,
  RateLimited,
} from '@loyalty/auth';
import type { MemberPrincipal, PosTerminalPrincipal } from '@loyalty/domain';
import {
  IssueRedemptionCodeUseCase,
  type IssuedRedemptionCode,
  type RecordedRedemption,
  RedeemPointsUseCase,
} from '@loyalty/ledger';
import { IsCardNumber, ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Post, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { MAX_POINTS } from '../common/amounts';
import { BalanceAfterResponse } from '../common/balance.responses';
import { answer, ApiIdempotencyKey, commandOf, IdempotencyKey } from '../common/idempotency';

export class RedemptionRequest {
  @ApiProperty({ description: 'The card presented at the till.' })
  @IsCardNumber()
  cardNumber!: string;

  @ApiProperty({ example: 500 })
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  points!: number;

  @ApiProperty({
    example: '04718265',
    description: 'The 8-digit code the member’s app shows: the card number alone spends nothing.',
  })
  @IsString()
  @Matches(/^\d{8}$/, { message: 'redemptionCode must be the 8 digits the member’s app shows' })
  redemptionCode!: string;

  @ApiPropertyOptional({ description: 'What the points paid for, e.g. the receipt id.' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  reference?: string;
}

export class LotDrawResponse {
  @ApiProperty({ format: 'uuid' })
  lotId!: string;

  @ApiProperty()
  points!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;
}

export class RecordedRedemptionResponse {
  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty()
  points!: number;

  @ApiProperty({ type: [LotDrawResponse] })
  drawnFrom!: LotDrawResponse[];

  @ApiProperty({ type: BalanceAfterResponse })
  balance!: BalanceAfterResponse;
}

export class RedemptionCodeResponse {
  @ApiProperty({ example: '04718265' })
  code!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}

@ApiTags('redemptions')
@Controller({ version: '1' })
export class RedemptionsController {
  constructor(
    private readonly redeemPoints: RedeemPointsUseCase,
    private readonly issueRedemptionCode: IssueRedemptionCodeUseCase,
  ) {}

  @Post('redemptions')
  @PosTerminalAccess()
  @RateLimited(RateLimit.PosLookup)
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Spend available points at the till, soonest-expiring first' })
  @ApiCreatedResponse({ type: RecordedRedemptionResponse })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetails,
    description: 'Too few available points, or a wrong, used or expired redemption code.',
  })
  async redeem(
    @CurrentTerminal() terminal: PosTerminalPrincipal,
    @IdempotencyKey() key: string,
    @Body() body: RedemptionRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecordedRedemption> {
    const outcome = await this.redeemPoints.execute(commandOf(terminal, key, 'redemption', body), {
      member: { cardNumber: body.cardNumber },
      points: body.points,
      redemptionCode: body.redemptionCode,
      storeId: terminal.storeId,
      reference: body.reference ?? null,
    });
    return answer(reply, outcome);
  }

  @Post('me/redemption-codes')
  @MemberAccess()
  @ApiTags('me')
  @ApiOperation({
    summary: 'A code to show at the till to spend points: 8 digits, two minutes, one use',
  })
  @ApiCreatedResponse({ type: RedemptionCodeResponse })
  issueCode(@CurrentMember() member: MemberPrincipal): Promise<IssuedRedemptionCode> {
    return this.issueRedemptionCode.execute(member.memberId);
  }
}
