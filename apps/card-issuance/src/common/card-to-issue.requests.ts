import { CardKind } from '@loyalty/domain';
import type { CardToIssue } from '@loyalty/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, ValidateIf } from 'class-validator';
import { IsCardNumber } from '@loyalty/platform';

/** Which card to hand over: a new virtual card, or the pre-printed card in the clerk's hand. */
export class CardToIssueRequest {
  @ApiProperty({ enum: CardKind })
  @IsEnum(CardKind)
  kind!: CardKind;

  @ApiPropertyOptional({
    description: 'For a physical card: the number printed on it (from the stock).',
    example: '6280001234567890128',
  })
  @ValidateIf((request: CardToIssueRequest) => request.kind === CardKind.Physical)
  @IsCardNumber()
  number?: string;

  toCardToIssue(): CardToIssue {
    return this.kind === CardKind.Physical
      ? { kind: CardKind.Physical, number: this.number ?? '' }
      : { kind: CardKind.Virtual };
  }
}
