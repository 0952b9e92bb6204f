import { ApiProperty } from '@nestjs/swagger';

class MemberMovement {
  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty()
  points!: number;
}

export class ReversedTransactionResponse {
  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  @ApiProperty({ format: 'uuid' })
  reversesTransactionId!: string;

  @ApiProperty({ type: [MemberMovement] })
  members!: MemberMovement[];
}
