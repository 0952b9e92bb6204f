import { CardStatus } from '@loyalty/domain';
import { ApiProperty } from '@nestjs/swagger';

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
