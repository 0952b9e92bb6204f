import { CurrentTerminal, PosTerminalAccess, RateLimit, RateLimited } from '@loyalty/auth';
import type { PosTerminalPrincipal } from '@loyalty/domain';
import {
  HOLD_DEFAULT_SECONDS,
  type PlacedHold,
  PlaceHoldUseCase,
  type SettledHold,
  SettleHoldUseCase,
} from '@loyalty/ledger';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, HttpStatus, Param, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { answer, ApiIdempotencyKey, commandOf, IdempotencyKey } from '../common/idempotency';
import { HoldCaptureRequest, HoldIdParams, HoldRequest } from './holds.requests';
import { HoldResponse, PlacedHoldResponse, SettledHoldResponse } from './holds.responses';
import { ReadHoldUseCase } from './read-hold.use-case';

const HOLD_NOT_FOUND = 'No hold of this store has this id (another store’s holds are not shown).';

/**
 * Holds at the till (docs/decisions/0014-holds.md): points reserved against an open order, then
 * captured (the redemption) or voided; an expired hold releases by itself.
 */
@ApiTags('pos')
@Controller({ version: '1' })
export class HoldsController {
  constructor(
    private readonly placeHold: PlaceHoldUseCase,
    private readonly settleHold: SettleHoldUseCase,
    private readonly readHold: ReadHoldUseCase,
  ) {}

  @Post('holds')
  @PosTerminalAccess()
  @RateLimited(RateLimit.PosLookup)
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Hold available points against an open order',
    description:
      'Authorised by the member’s redemption code, like a redemption; the held points leave the ' +
      `available balance until the hold is captured, voided or expires (after ` +
      `${HOLD_DEFAULT_SECONDS / 60} minutes unless expiresInSeconds says otherwise), when they ` +
      'go back to the lots they came from.',
  })
  @ApiCreatedResponse({ type: PlacedHoldResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'Unknown card.' })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The card is not active.' })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetails,
    description: 'Too few available points, or a wrong, used or expired redemption code.',
  })
  async place(
    @CurrentTerminal() terminal: PosTerminalPrincipal,
    @IdempotencyKey() key: string,
    @Body() body: HoldRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlacedHold> {
    const outcome = await this.placeHold.execute(commandOf(terminal, key, 'hold', body), {
      member: { cardNumber: body.cardNumber },
      points: body.points,
      redemptionCode: body.redemptionCode,
      storeId: terminal.storeId,
      reference: body.reference ?? null,
      expiresInSeconds: body.expiresInSeconds ?? HOLD_DEFAULT_SECONDS,
    });
    return answer(reply, outcome);
  }

  @Get('holds/:holdId')
  @PosTerminalAccess()
  @ApiOperation({ summary: 'A hold of this store: held, captured or released' })
  @ApiOkResponse({ type: HoldResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: HOLD_NOT_FOUND })
  read(
    @CurrentTerminal() terminal: PosTerminalPrincipal,
    @Param() params: HoldIdParams,
  ): Promise<HoldResponse> {
    return this.readHold.execute(terminal.programId, terminal.storeId, params.holdId);
  }

  @Post('holds/:holdId/capture')
  @PosTerminalAccess()
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Capture a hold: the order is paid and its points are redeemed',
    description:
      'Redeems what the order finally takes (all that is held unless points says less); the ' +
      'rest goes back to the member, latest-expiring lots first. A hold of another store of ' +
      'the program is not found.',
  })
  @ApiOkResponse({ type: SettledHoldResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: HOLD_NOT_FOUND })
  @ApiConflictResponse({
    type: ProblemDetails,
    description: 'Captured or voided already, or past its expiry (its points go back).',
  })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetails,
    description: 'More points than the hold holds, or the key was used for another request.',
  })
  async capture(
    @CurrentTerminal() terminal: PosTerminalPrincipal,
    @IdempotencyKey() key: string,
    @Param() params: HoldIdParams,
    @Body() body: HoldCaptureRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SettledHold> {
    const outcome = await this.settleHold.execute(
      commandOf(terminal, key, 'hold-capture', { ...params, ...body }),
      terminal.storeId,
      params.holdId,
      { kind: 'capture', points: body.points ?? null },
    );
    return answer(reply, outcome, HttpStatus.OK);
  }

  @Post('holds/:holdId/void')
  @PosTerminalAccess()
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Void a hold: the order was abandoned and its points are available again',
  })
  @ApiOkResponse({ type: SettledHoldResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: HOLD_NOT_FOUND })
  @ApiConflictResponse({ type: ProblemDetails, description: 'Captured or voided already.' })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetails,
    description: 'The key was used for another request.',
  })
  async void(
    @CurrentTerminal() terminal: PosTerminalPrincipal,
    @IdempotencyKey() key: string,
    @Param() params: HoldIdParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SettledHold> {
    const outcome = await this.settleHold.execute(
      commandOf(terminal, key, 'hold-void', params),
      terminal.storeId,
      params.holdId,
      { kind: 'release', reason: 'void' },
    );
    return answer(reply, outcome, HttpStatus.OK);
  }
}
