import { ApiProperty } from '@nestjs/swagger';
import { BalanceAfterResponse } from '../common/balance.responses';
import { LotDrawResponse } from '../redemptions/redemptions.responses';

export class PlacedHoldResponse {
  @ApiProperty({ format: 'uuid' })
  holdId!: string;

  @ApiProperty({ format: 'uuid', description: 'The journal transaction that held the points.' })
  transactionId!: string;

  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty()
  points!: number;

  @ApiProperty({ enum: ['held'] })
  status!: 'held';

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ type: String, nullable: true })
  reference!: string | null;

  @ApiProperty({ type: [LotDrawResponse] })
  drawnFrom!: LotDrawResponse[];

  @ApiProperty({ type: BalanceAfterResponse })
  balance!: BalanceAfterResponse;
}

export class SettledHoldResponse {
  @ApiProperty({ format: 'uuid' })
  holdId!: string;

  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty({ enum: ['captured', 'released'] })
  status!: 'captured' | 'released';

  @ApiProperty({ description: 'What the hold held.' })
  points!: number;

  @ApiProperty({ description: 'What the capture redeemed; 0 for a void.' })
  capturedPoints!: number;

  @ApiProperty({ description: 'What went back to the member.' })
  releasedPoints!: number;

  @ApiProperty({ format: 'uuid', description: 'The journal transaction that settled it.' })
  transactionId!: string;

  @ApiProperty({ type: BalanceAfterResponse })
  balance!: BalanceAfterResponse;
}

export class HoldResponse {
  @ApiProperty({ format: 'uuid' })
  holdId!: string;

  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty()
  points!: number;

  @ApiProperty({ enum: ['held', 'captured', 'released'] })
  status!: 'held' | 'captured' | 'released';

  @ApiProperty({ type: Number, nullable: true, description: 'What the capture redeemed.' })
  capturedPoints!: number | null;

  @ApiProperty({
    type: String,
    enum: ['till', 'expiry'],
    nullable: true,
    description: 'A till captured or voided it, or it expired.',
  })
  settledBy!: 'till' | 'expiry' | null;

  @ApiProperty({ type: String, nullable: true })
  reference!: string | null;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  settledAt!: string | null;
}
