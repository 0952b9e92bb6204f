import { ProblemDetails } from '@loyalty/platform';
import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import type { RecordedPurchase } from '@loyalty/ledger';
import { BalanceAfterResponse } from '../common/balance.responses';

export class EarnedPointsLineResponse {
  @ApiProperty({ enum: ['base', 'product_multiplier', 'tier_multiplier', 'campaign', 'cap'] })
  rule!: string;

  @ApiProperty()
  points!: number;

  @ApiProperty({ type: String, nullable: true, description: 'Campaign, category, SKU or tier.' })
  detail!: string | null;
}

export class RecordedPurchaseResponse {
  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  @ApiProperty({ format: 'uuid' })
  purchaseId!: string;

  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty()
  points!: number;

  @ApiProperty({ type: [EarnedPointsLineResponse] })
  breakdown!: EarnedPointsLineResponse[];

  @ApiProperty()
  earningRulesVersion!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  pendingUntil!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;

  @ApiProperty({ type: BalanceAfterResponse })
  balance!: BalanceAfterResponse;
}

/** What recording the basket now would credit: the recorded answer's fields, less its ids. */
export class PurchasePreviewResponse extends PickType(RecordedPurchaseResponse, [
  'memberId',
  'points',
  'breakdown',
  'earningRulesVersion',
  'pendingUntil',
  'expiresAt',
] as const) {
  @ApiProperty({ description: 'Points already past their expiry when recorded (an old sale).' })
  pointsExpired!: number;
}

export class PurchaseLineResponse {
  @ApiProperty()
  sku!: string;

  @ApiProperty()
  category!: string;

  @ApiProperty()
  amountMinor!: number;

  @ApiProperty()
  quantity!: number;
}

export class PurchaseRefundResponse {
  @ApiProperty({ format: 'uuid' })
  refundId!: string;

  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  @ApiProperty()
  amountMinor!: number;

  @ApiProperty()
  pointsReversed!: number;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;
}

export class PurchaseResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty({ format: 'uuid' })
  storeId!: string;

  @ApiProperty()
  receiptId!: string;

  @ApiProperty()
  amountMinor!: number;

  @ApiProperty()
  currency!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;

  @ApiProperty({ type: [PurchaseLineResponse] })
  lines!: PurchaseLineResponse[];

  @ApiProperty()
  pointsEarned!: number;

  @ApiProperty({ format: 'uuid' })
  earnTransactionId!: string;

  @ApiProperty({ description: 'The points it earned were reversed: no refund takes any back.' })
  earnReversed!: boolean;

  @ApiProperty({ type: [PurchaseRefundResponse] })
  refunds!: PurchaseRefundResponse[];

  @ApiProperty()
  refundedMinor!: number;

  @ApiProperty()
  pointsRefunded!: number;

  @ApiProperty({ description: 'Money left to refund, in minor units.' })
  refundableMinor!: number;

  @ApiProperty({ description: 'The points a refund of everything left would take back.' })
  refundablePoints!: number;
}

export class RefundedVoucherResponse {
  @ApiProperty({ format: 'uuid' })
  voucherId!: string;

  @ApiProperty({
    enum: ['reinstated', 'returned', 'expired'],
    description:
      'reinstated: usable again; returned: its points are back with the member; expired: it ' +
      'was past its expiry and lapsed by the expiry policy.',
  })
  outcome!: 'reinstated' | 'returned' | 'expired';
}

export class RecordedRefundResponse {
  @ApiProperty({ format: 'uuid' })
  refundId!: string;

  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  @ApiProperty({ format: 'uuid' })
  purchaseId!: string;

  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty()
  pointsReversed!: number;

  @ApiProperty()
  refundableMinorLeft!: number;

  @ApiProperty({ type: BalanceAfterResponse })
  balance!: BalanceAfterResponse;

  @ApiProperty({
    type: [RefundedVoucherResponse],
    description:
      'Vouchers used on the receipt, once it is refunded in full, and what the program’s ' +
      'voucher policy did to each; empty otherwise.',
  })
  vouchers!: RefundedVoucherResponse[];
}

export class PurchaseBatchItemResult {
  @ApiProperty({ description: 'The item’s position in the request.' })
  index!: number;

  @ApiProperty({ type: Number, nullable: true })
  sequenceNumber!: number | null;

  @ApiProperty({ type: String, nullable: true })
  idempotencyKey!: string | null;

  @ApiProperty({ description: 'The status this purchase alone would have been answered with.' })
  status!: number;

  @ApiPropertyOptional()
  replayed?: boolean;

  @ApiPropertyOptional({ type: RecordedPurchaseResponse })
  purchase?: RecordedPurchase;

  @ApiPropertyOptional({ type: ProblemDetails })
  problem?: ProblemDetails;
}

export class PurchaseBatchResponse {
  @ApiProperty({ type: [PurchaseBatchItemResult] })
  items!: PurchaseBatchItemResult[];
}
