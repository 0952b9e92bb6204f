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
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Post, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { answer, ApiIdempotencyKey, commandOf, IdempotencyKey } from '../common/idempotency';
import { RedemptionRequest } from './redemptions.requests';
import { RecordedRedemptionResponse, RedemptionCodeResponse } from './redemptions.responses';

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
    description:
      'A member holds up to three live codes at once (a second device, a screen shown again); ' +
      'asking for a fourth retires the oldest. A wrong code at a till counts a failed try against ' +
      'all of them; five end them.',
  })
  @ApiCreatedResponse({ type: RedemptionCodeResponse })
  issueCode(@CurrentMember() member: MemberPrincipal): Promise<IssuedRedemptionCode> {
    return this.issueRedemptionCode.execute(member.memberId);
  }
}
