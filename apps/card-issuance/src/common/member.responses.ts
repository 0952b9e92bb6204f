import { AcquisitionChannel, type Member } from '@loyalty/domain';
import { ApiProperty } from '@nestjs/swagger';

export class MoneyResponse {
  @ApiProperty({ example: 1250, description: 'Integer minor units (cents).' })
  amountMinor!: number;

  @ApiProperty({ example: 'EUR' })
  currency!: string;
}

export class MemberResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'ada@example.com' })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '+31612345678' })
  phone!: string | null;

  @ApiProperty({ format: 'uuid' })
  enrolledStoreId!: string;

  @ApiProperty({ enum: AcquisitionChannel })
  acquisitionChannel!: AcquisitionChannel;

  @ApiProperty({ type: String, nullable: true, description: "The campaign's name." })
  acquisitionCampaign!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The acquisition campaign; the member costs its spend per member acquired.',
  })
  acquisitionCampaignId!: string | null;

  @ApiProperty({
    type: MoneyResponse,
    nullable: true,
    description: 'A cost recorded by hand before campaigns existed; null for campaign members.',
  })
  acquisitionCost!: MoneyResponse | null;

  @ApiProperty()
  marketingConsent!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  marketingConsentAt!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Null until first scored.' })
  tier!: string | null;

  @ApiProperty({ format: 'date-time' })
  enrolledAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  erasedAt!: string | null;

  static from(member: Member): MemberResponse {
    return {
      id: member.id,
      name: member.name,
      email: member.email,
      phone: member.phone,
      enrolledStoreId: member.enrolledStoreId,
      acquisitionChannel: member.acquisitionChannel,
      acquisitionCampaign: member.acquisitionCampaign,
      acquisitionCampaignId: member.acquisitionCampaignId,
      acquisitionCost: member.acquisitionCost ? { ...member.acquisitionCost } : null,
      marketingConsent: member.marketingConsent,
      marketingConsentAt: member.marketingConsentAt?.toISOString() ?? null,
      tier: member.tier,
      enrolledAt: member.enrolledAt.toISOString(),
      erasedAt: member.erasedAt?.toISOString() ?? null,
    };
  }
}
