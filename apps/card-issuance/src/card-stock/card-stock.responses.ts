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

export class CardBatchNumbersResponse {
  @ApiProperty({ format: 'uuid' })
  batchId!: string;

  @ApiProperty({ type: [Object], description: 'Each card: number and status.' })
  cards!: { number: string; status: string }[];
}
