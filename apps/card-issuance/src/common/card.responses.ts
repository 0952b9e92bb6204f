import { type Card, CardBlockReason, CardKind, CardStatus, maskCardNumber } from '@loyalty/domain';
import { ApiProperty } from '@nestjs/swagger';

export class CardResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: '6280001234567890128', description: 'The full number, 19 digits.' })
  number!: string;

  @ApiProperty({ example: '****0128' })
  maskedNumber!: string;

  @ApiProperty({ enum: CardKind })
  kind!: CardKind;

  @ApiProperty({ enum: CardStatus })
  status!: CardStatus;

  @ApiProperty({ enum: CardBlockReason, nullable: true })
  blockReason!: CardBlockReason | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  replacedByCardId!: string | null;

  @ApiProperty({ format: 'date-time' })
  issuedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  activatedAt!: string | null;

  static from(card: Card): CardResponse {
    return {
      id: card.id,
      number: card.number,
      maskedNumber: maskCardNumber(card.number),
      kind: card.kind,
      status: card.status,
      blockReason: card.blockReason,
      replacedByCardId: card.replacedByCardId,
      issuedAt: card.issuedAt.toISOString(),
      activatedAt: card.activatedAt?.toISOString() ?? null,
    };
  }
}
