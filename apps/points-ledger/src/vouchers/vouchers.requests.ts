import { IsId } from '@loyalty/platform';
import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { RedemptionRequest } from '../redemptions/redemptions.requests';

export class VoucherIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsId()
  voucherId!: string;
}

export class VoucherCodeParams {
  @ApiProperty({
    example: 'K7QM-2XHD-9RAT-PW4N-E',
    description:
      'The voucher code as printed or scanned: case, spaces and dashes do not matter; its last ' +
      'symbol checks the others.',
  })
  @IsString()
  @Length(1, 40)
  code!: string;
}

export class MemberVouchersQuery {
  @ApiPropertyOptional({ enum: ['issued', 'redeemed', 'returned', 'expired'] })
  @IsOptional()
  @IsIn(['issued', 'redeemed', 'returned', 'expired'])
  status?: 'issued' | 'redeemed' | 'returned' | 'expired';
}

/** A till claims a reward for the member, authorised by the member's redemption code. */
export class RewardClaimRequest extends PickType(RedemptionRequest, [
  'cardNumber',
  'redemptionCode',
] as const) {
  @ApiProperty({ format: 'uuid' })
  @IsId()
  rewardId!: string;
}

/** A clerk claims a reward at the desk for the member, with the member's redemption code. */
export class DeskRewardClaimRequest extends PickType(RedemptionRequest, [
  'redemptionCode',
] as const) {
  @ApiProperty({ format: 'uuid' })
  @IsId()
  rewardId!: string;
}

export class MemberIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsId()
  memberId!: string;
}

export class VoucherRedemptionRequest {
  @ApiProperty({
    example: 'R-2026-000123',
    description:
      'The receipt the voucher is used on: a full refund of it later applies the program’s ' +
      'voucher policy (GET /v1/program).',
  })
  @IsString()
  @Length(1, 64)
  receiptId!: string;
}
