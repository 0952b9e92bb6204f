import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BalanceAfterResponse } from '../common/balance.responses';

export class RecordedAdjustmentResponse {
  @ApiProperty({
    enum: ['applied', 'pending_approval'],
    description:
      'applied (201): the points moved. pending_approval (202): above the caller’s cap, nothing ' +
      'moved until a second staff member approves the adjustment request.',
  })
  status!: 'applied' | 'pending_approval';

  @ApiPropertyOptional({ format: 'uuid', description: 'When applied.' })
  transactionId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'When pending approval.' })
  adjustmentRequestId?: string;

  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty()
  points!: number;

  @ApiPropertyOptional({ type: BalanceAfterResponse, description: 'When applied.' })
  balance?: BalanceAfterResponse;
}

export class AdjustmentRequestResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty()
  points!: number;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ format: 'uuid', description: 'The staff member who asked.' })
  requestedBy!: string;

  @ApiProperty({ enum: ['manager', 'admin'] })
  requestedRole!: string;

  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] })
  status!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  decidedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  decisionNote!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The adjustment, once approved.',
  })
  transactionId!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: Date;
}

export class AdjustmentRequestPageResponse {
  @ApiProperty({ type: [AdjustmentRequestResponse] })
  items!: AdjustmentRequestResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class DecidedAdjustmentResponse {
  @ApiProperty({ format: 'uuid' })
  adjustmentRequestId!: string;

  @ApiProperty({ enum: ['approved', 'rejected'] })
  status!: string;

  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty()
  points!: number;

  @ApiProperty({ format: 'uuid' })
  requestedBy!: string;

  @ApiProperty({ format: 'uuid' })
  decidedBy!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  transactionId!: string | null;

  @ApiProperty({ type: BalanceAfterResponse, nullable: true })
  balance!: BalanceAfterResponse | null;
}
