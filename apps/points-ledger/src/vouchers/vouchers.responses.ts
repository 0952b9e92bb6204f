import type { VoucherStatus } from '@loyalty/domain';
import {
  type ClaimedVoucher,
  displayVoucherCode,
  type RedeemedVoucher,
  type VoucherCodes,
} from '@loyalty/ledger';
import type { VoucherRecord } from '@loyalty/persistence';
import { ApiProperty } from '@nestjs/swagger';
import { BalanceAfterResponse } from '../common/balance.responses';
import { RewardBenefitResponse } from '../rewards-catalog/rewards-catalog.responses';
import type { VoucherRefusal } from './read-vouchers.use-case';

const VOUCHER_STATUSES: readonly VoucherStatus[] = ['issued', 'redeemed', 'returned', 'expired'];

/** What a voucher gives and where, as its owner and a till are told. */
class VoucherTermsResponse {
  @ApiProperty({ format: 'uuid' })
  voucherId!: string;

  @ApiProperty({ format: 'uuid' })
  rewardId!: string;

  @ApiProperty({ example: 'free-espresso' })
  rewardCode!: string;

  @ApiProperty({ description: 'The version of the reward’s terms it was claimed under.' })
  rewardVersion!: number;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: RewardBenefitResponse })
  benefit!: RewardBenefitResponse;

  @ApiProperty({ description: 'What the member paid for it.' })
  points!: number;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Empty: every store.' })
  storeIds!: string[];

  @ApiProperty({ enum: VOUCHER_STATUSES })
  status!: VoucherStatus;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}

/** A voucher as its owner sees it: its code too, to show and to print. */
export class VoucherResponse extends VoucherTermsResponse {
  @ApiProperty({
    example: 'K7QM-2XHD-9RAT-PW4N-E',
    description:
      'What a till scans or types: a bearer code, shown to its owner only. GET ' +
      '/v1/me/vouchers/{voucherId}/barcode.svg renders it.',
  })
  code!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: String, nullable: true })
  imageUrl!: string | null;

  @ApiProperty({ format: 'date-time' })
  claimedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  redeemedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The receipt it was used on.' })
  receiptId!: string | null;

  static from(voucher: VoucherRecord, codes: VoucherCodes): VoucherResponse {
    return {
      voucherId: voucher.id,
      code: displayVoucherCode(codes.codeOf(voucher.id)),
      rewardId: voucher.rewardId,
      rewardCode: voucher.rewardCode,
      rewardVersion: voucher.rewardVersion,
      name: voucher.terms.name,
      description: voucher.terms.description,
      imageUrl: voucher.terms.imageUrl,
      benefit: RewardBenefitResponse.from(voucher.terms.benefit),
      points: voucher.points,
      storeIds: [...voucher.terms.storeIds],
      status: voucher.status,
      expiresAt: voucher.expiresAt.toISOString(),
      claimedAt: voucher.createdAt.toISOString(),
      redeemedAt: voucher.redeemedAt?.toISOString() ?? null,
      receiptId: voucher.redeemedReceiptId,
    };
  }
}

export class VoucherListResponse {
  @ApiProperty({ type: [VoucherResponse], description: 'Newest first, at most 200.' })
  items!: VoucherResponse[];
}

/** A claim's answer: the voucher, the journal transaction that paid for it, the balance after. */
export class ClaimedVoucherResponse extends VoucherTermsResponse {
  @ApiProperty({
    example: 'K7QM-2XHD-9RAT-PW4N-E',
    description: 'The bearer code to show or print.',
  })
  code!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: String, nullable: true })
  imageUrl!: string | null;

  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty({ format: 'uuid', description: 'The journal transaction that debited the points.' })
  transactionId!: string;

  @ApiProperty({ type: BalanceAfterResponse })
  balance!: BalanceAfterResponse;

  static from(claimed: ClaimedVoucher, codes: VoucherCodes): ClaimedVoucherResponse {
    return {
      voucherId: claimed.voucherId,
      code: displayVoucherCode(codes.codeOf(claimed.voucherId)),
      rewardId: claimed.rewardId,
      rewardCode: claimed.rewardCode,
      rewardVersion: claimed.rewardVersion,
      name: claimed.name,
      description: claimed.description,
      imageUrl: claimed.imageUrl,
      benefit: RewardBenefitResponse.from(claimed.benefit),
      points: claimed.points,
      storeIds: [...claimed.storeIds],
      status: claimed.status,
      expiresAt: claimed.expiresAt,
      memberId: claimed.memberId,
      transactionId: claimed.transactionId,
      balance: { ...claimed.balance },
    };
  }
}

const VOUCHER_REFUSALS: readonly VoucherRefusal[] = [
  'redeemed',
  'returned',
  'expired',
  'not_valid_in_store',
];

/** A voucher as a till checks it before using it. */
export class VoucherCheckResponse extends VoucherTermsResponse {
  @ApiProperty({ description: 'Whether this till may use it now.' })
  redeemable!: boolean;

  @ApiProperty({
    type: String,
    enum: VOUCHER_REFUSALS,
    nullable: true,
    description: 'Why not, when it may not.',
  })
  refusal!: VoucherRefusal | null;

  static from(voucher: VoucherRecord, refusal: VoucherRefusal | null): VoucherCheckResponse {
    return {
      voucherId: voucher.id,
      rewardId: voucher.rewardId,
      rewardCode: voucher.rewardCode,
      rewardVersion: voucher.rewardVersion,
      name: voucher.terms.name,
      benefit: RewardBenefitResponse.from(voucher.terms.benefit),
      points: voucher.points,
      storeIds: [...voucher.terms.storeIds],
      status: voucher.status,
      expiresAt: voucher.expiresAt.toISOString(),
      redeemable: refusal === null,
      refusal,
    };
  }
}

export class RedeemedVoucherResponse {
  @ApiProperty({ format: 'uuid' })
  voucherId!: string;

  @ApiProperty({ format: 'uuid' })
  rewardId!: string;

  @ApiProperty()
  rewardCode!: string;

  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty({ enum: ['redeemed'] })
  status!: 'redeemed';

  @ApiProperty()
  name!: string;

  @ApiProperty({
    type: RewardBenefitResponse,
    description: 'What the till applies to the receipt.',
  })
  benefit!: RewardBenefitResponse;

  @ApiProperty()
  points!: number;

  @ApiProperty()
  receiptId!: string;

  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  static from(redeemed: RedeemedVoucher): RedeemedVoucherResponse {
    return { ...redeemed, benefit: RewardBenefitResponse.from(redeemed.benefit) };
  }
}
