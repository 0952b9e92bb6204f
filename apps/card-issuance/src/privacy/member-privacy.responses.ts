import type { MemberDataExport } from '@loyalty/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CardEventResponse } from '../member-cards/member-cards.responses';
import { CardResponse } from '../common/card.responses';
import { MemberResponse } from '../common/member.responses';

export class ExportedCardResponse extends CardResponse {
  @ApiProperty({ type: [CardEventResponse] })
  events!: CardEventResponse[];
}

export class ExportedPointsMovementResponse {
  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  @ApiProperty({ example: 'purchase_earn' })
  kind!: string;

  @ApiProperty({ description: "How far the member's points moved." })
  points!: number;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: Date;

  @ApiPropertyOptional({ type: String, nullable: true })
  reason!: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  storeId!: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  purchaseId!: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  reversesTransactionId!: string | null;
}

class ExportedRefundResponse {
  @ApiProperty()
  amountMinor!: number;

  @ApiProperty()
  pointsReversed!: number;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;
}

export class ExportedPurchaseResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  storeId!: string;

  @ApiProperty()
  receiptId!: string;

  @ApiProperty()
  amountMinor!: number;

  @ApiProperty()
  currency!: string;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: Date;

  @ApiProperty({ description: 'The basket lines as the till sent them.' })
  lines!: unknown;

  @ApiProperty()
  pointsEarned!: number;

  @ApiProperty({ type: [ExportedRefundResponse] })
  refunds!: ExportedRefundResponse[];
}

export class ExportedTierChangeResponse {
  @ApiPropertyOptional({ type: String, nullable: true })
  fromTier!: string | null;

  @ApiProperty()
  toTier!: string;

  @ApiProperty({ example: 'upgrade' })
  kind!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty()
  clvMinor!: number;

  @ApiProperty({ format: 'date-time' })
  changedAt!: Date;
}

export class ExportedSurveyAnswerResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  storeId!: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  nps!: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  csat!: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  ces!: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  comment!: string | null;

  @ApiProperty({ format: 'date-time' })
  answeredAt!: Date;
}

export class ExportedVoucherResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  rewardCode!: string;

  @ApiProperty()
  points!: number;

  @ApiProperty({ enum: ['issued', 'redeemed', 'returned', 'expired'] })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  claimedAt!: Date;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  redeemedAt!: Date | null;
}

export class ExportedReferralResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ['referrer', 'referee'] })
  role!: 'referrer' | 'referee';

  @ApiProperty({ enum: ['pending', 'rewarded', 'refused'] })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  settledAt!: Date | null;
}

/** Everything the program holds about a member (a data-subject access request). */
export class MemberExportResponse {
  @ApiProperty({ format: 'date-time' })
  exportedAt!: string;

  @ApiProperty({ type: MemberResponse })
  member!: MemberResponse;

  @ApiProperty({ type: [ExportedCardResponse] })
  cards!: ExportedCardResponse[];

  @ApiProperty({ type: [ExportedPointsMovementResponse], description: 'Oldest first.' })
  pointsHistory!: ExportedPointsMovementResponse[];

  @ApiProperty({ type: [ExportedPurchaseResponse] })
  purchases!: ExportedPurchaseResponse[];

  @ApiProperty({ type: [ExportedTierChangeResponse] })
  tierHistory!: ExportedTierChangeResponse[];

  @ApiProperty({ type: [ExportedSurveyAnswerResponse] })
  surveyAnswers!: ExportedSurveyAnswerResponse[];

  @ApiProperty({ type: [ExportedVoucherResponse], description: 'Vouchers (never their codes).' })
  vouchers!: ExportedVoucherResponse[];

  @ApiProperty({ type: [ExportedReferralResponse] })
  referrals!: ExportedReferralResponse[];

  static from(data: MemberDataExport): MemberExportResponse {
    return {
      exportedAt: new Date().toISOString(),
      member: MemberResponse.from(data.member),
      cards: data.cards.map((card) => ({
        ...CardResponse.from(card),
        events: card.events.map((event) => CardEventResponse.from(event)),
      })),
      pointsHistory: [...data.pointsHistory],
      purchases: data.purchases.map((purchase) => ({
        ...purchase,
        refunds: [...purchase.refunds],
      })),
      tierHistory: [...data.tierHistory],
      surveyAnswers: [...data.surveyAnswers],
      vouchers: [...data.vouchers],
      referrals: [...data.referrals],
    };
  }
}
