import { ApiProperty } from '@nestjs/swagger';

export class GoogleWalletLinkResponse {
  @ApiProperty({ example: 'https://pay.google.com/gp/v/save/eyJ…' })
  saveUrl!: string;
}

export class ReferralResponse {
  @ApiProperty({ format: 'uuid' })
  referralId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'a***@example.com',
    description: 'The friend’s address, mostly hidden; null once they erased their data.',
  })
  refereeEmail!: string | null;

  @ApiProperty({
    enum: ['pending', 'rewarded', 'refused'],
    description:
      'pending: waiting for their first qualifying purchase to pass its return window; ' +
      'rewarded: both bonuses paid; refused: that purchase was refunded.',
  })
  status!: 'pending' | 'rewarded' | 'refused';

  @ApiProperty({ type: String, enum: ['first_purchase_refunded'], nullable: true })
  refusalReason!: 'first_purchase_refunded' | null;

  @ApiProperty({ format: 'date-time', description: 'When the friend enrolled.' })
  enrolledAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  settledAt!: string | null;
}

export class MemberReferralsResponse {
  @ApiProperty({ example: 'K7QM2XHD', description: 'The code friends enrol with.' })
  code!: string;

  @ApiProperty({
    example:
      'Join Coffee Club with my code K7QM2XHD: you get 100 points after your first purchase.',
    description: 'Text to share as it is.',
  })
  shareText!: string;

  @ApiProperty({ description: 'What the member gets per friend.' })
  referrerPoints!: number;

  @ApiProperty({ description: 'What the friend gets.' })
  refereePoints!: number;

  @ApiProperty({ type: [ReferralResponse], description: 'Newest first.' })
  referrals!: ReferralResponse[];
}
