import { ApiProperty } from '@nestjs/swagger';
import { BalanceAfterResponse } from '../common/balance.responses';

export class LotDrawResponse {
  @ApiProperty({ format: 'uuid' })
  lotId!: string;

  @ApiProperty()
  points!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;
}

export class RecordedRedemptionResponse {
  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty()
  points!: number;

  @ApiProperty({ type: [LotDrawResponse] })
  drawnFrom!: LotDrawResponse[];

  @ApiProperty({ type: BalanceAfterResponse })
  balance!: BalanceAfterResponse;
}

export class RedemptionCodeResponse {
  @ApiProperty({ example: '04718265' })
  code!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}
