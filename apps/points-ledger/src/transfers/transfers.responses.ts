import { ApiProperty } from '@nestjs/swagger';
import { BalanceAfterResponse } from '../common/balance.responses';

class MemberBalanceAfter {
  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty({ type: BalanceAfterResponse })
  balance!: BalanceAfterResponse;
}

export class RecordedTransferResponse {
  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  @ApiProperty()
  points!: number;

  @ApiProperty({ type: MemberBalanceAfter })
  from!: MemberBalanceAfter;

  @ApiProperty({ type: MemberBalanceAfter })
  to!: MemberBalanceAfter;
}

export class SentTransferResponse {
  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  @ApiProperty()
  points!: number;

  @ApiProperty({ format: 'uuid' })
  toMemberId!: string;

  @ApiProperty({ type: BalanceAfterResponse, description: "The sender's balance after it." })
  balance!: BalanceAfterResponse;

  @ApiProperty({ description: 'What the member may still send in the next 24 hours.' })
  dailyAllowanceLeft!: number;
}
