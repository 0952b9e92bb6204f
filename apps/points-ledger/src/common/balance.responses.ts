import type { PointsBalance } from '@loyalty/domain';
import { ApiProperty } from '@nestjs/swagger';

export class NextExpiryResponse {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty()
  points!: number;
}

export class BalanceResponse {
  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty({ description: 'Spendable now; negative while the member owes points.' })
  available!: number;

  @ApiProperty({ description: 'Earned but still inside the return window.' })
  pending!: number;

  @ApiProperty({
    description:
      'Reserved against open orders at tills (holds): not spendable; a capture redeems them, a ' +
      'void or the hold’s expiry makes them available again.',
  })
  held!: number;

  @ApiProperty()
  lifetimeEarned!: number;

  @ApiProperty({ description: 'Spent on redemptions, counting points held until released.' })
  lifetimeRedeemed!: number;

  @ApiProperty({ type: NextExpiryResponse, nullable: true })
  nextExpiry!: NextExpiryResponse | null;

  static from(memberId: string, balance: PointsBalance): BalanceResponse {
    return {
      memberId,
      available: balance.available,
      pending: balance.pending,
      held: balance.held,
      lifetimeEarned: balance.lifetimeEarned,
      lifetimeRedeemed: balance.lifetimeRedeemed,
      nextExpiry: balance.nextExpiry
        ? { at: balance.nextExpiry.at.toISOString(), points: balance.nextExpiry.points }
        : null,
    };
  }
}

export class BalanceAfterResponse {
  @ApiProperty()
  available!: number;

  @ApiProperty()
  pending!: number;
}
