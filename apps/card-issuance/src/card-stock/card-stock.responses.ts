import { ApiProperty } from '@nestjs/swagger';

export class CardBatchResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  label!: string;

  @ApiProperty()
  quantity!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class CardBatchNumberResponse {
  @ApiProperty({ example: '6280001234567890128' })
  number!: string;

  @ApiProperty({ enum: ['issued', 'active', 'blocked', 'replaced'] })
  status!: string;
}

export class CardBatchNumbersResponse {
  @ApiProperty({ format: 'uuid' })
  batchId!: string;

  @ApiProperty({ type: [CardBatchNumberResponse], description: 'Each card: number and status.' })
  cards!: CardBatchNumberResponse[];
}

export class CardBatchSummaryResponse extends CardBatchResponse {
  @ApiProperty({ description: 'Cards of the batch not yet handed to a member.' })
  inStock!: number;
}

export class CardBatchListResponse {
  @ApiProperty({ type: [CardBatchSummaryResponse], description: 'Newest first (the latest 500).' })
  items!: CardBatchSummaryResponse[];
}
