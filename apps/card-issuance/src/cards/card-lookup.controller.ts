import { CurrentTerminal, PosTerminalAccess, RateLimit, RateLimited } from '@loyalty/auth';
import {
  CardStatus,
  DomainError,
  DomainErrorCode,
  maskCardNumber,
  type PosTerminalPrincipal,
} from '@loyalty/domain';
import { CardRepository } from '@loyalty/persistence';
import { IsCardNumber, ProblemDetails } from '@loyalty/platform';
import { Controller, Get, Injectable, Param } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';

export class CardNumberParams {
  @IsCardNumber()
  number!: string;
}

export class CardLookupResponse {
  @ApiProperty({ format: 'uuid' })
  cardId!: string;

  @ApiProperty({ example: '****0128' })
  maskedNumber!: string;

  @ApiProperty({ enum: CardStatus, description: 'Only an active card identifies a member.' })
  cardStatus!: CardStatus;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The member the card identifies; null unless the card is active.',
  })
  memberId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Null unless active and scored.' })
  tier!: string | null;
}

/**
 * A till identifies the member by the card. Blocked and replaced cards answer with their status
 * (so the clerk can act), but name no member: a stolen card leads nowhere.
 */
@Injectable()
export class LookUpCardUseCase {
  constructor(private readonly cards: CardRepository) {}

  async execute(terminal: PosTerminalPrincipal, number: string): Promise<CardLookupResponse> {
    const found = await this.cards.lookUpByNumber(terminal.programId, number);
    if (!found) {
      throw new DomainError(DomainErrorCode.CardNotFound, 'no card of the program has this number');
    }
    const active = found.card.status === CardStatus.Active;
    return {
      cardId: found.card.id,
      maskedNumber: maskCardNumber(found.card.number),
      cardStatus: found.card.status,
      memberId: active ? found.card.memberId : null,
      tier: active ? found.memberTier : null,
    };
  }
}

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
