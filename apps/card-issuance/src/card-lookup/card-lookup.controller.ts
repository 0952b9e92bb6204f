import { CurrentTerminal, PosTerminalAccess, RateLimit, RateLimited } from '@loyalty/auth';
import { type PosTerminalPrincipal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CardNumberParams } from './card-lookup.requests';
import { CardLookupResponse } from './card-lookup.responses';
import { LookUpCardUseCase } from './look-up-card.use-case';

@ApiTags('pos')
@Controller({ path: 'cards', version: '1' })
export class CardLookupController {
  constructor(private readonly lookUpCard: LookUpCardUseCase) {}

  @Get(':number')
  @PosTerminalAccess()
  @RateLimited(RateLimit.PosLookup)
  @ApiOperation({ summary: 'Identify a member by card number at the till' })
  @ApiOkResponse({ type: CardLookupResponse })
  @ApiBadRequestResponse({ type: ProblemDetails, description: 'Not a well-formed card number.' })
  @ApiNotFoundResponse({ type: ProblemDetails })
  lookUp(
    @CurrentTerminal() terminal: PosTerminalPrincipal,
    @Param() params: CardNumberParams,
  ): Promise<CardLookupResponse> {
    return this.lookUpCard.execute(terminal, params.number);
  }
}
