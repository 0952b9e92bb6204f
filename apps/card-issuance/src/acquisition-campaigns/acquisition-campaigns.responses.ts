import {
  type AcquisitionCampaign,
  AcquisitionChannel,
  acquisitionCostPerMember,
} from '@loyalty/domain';
import { ApiProperty } from '@nestjs/swagger';
import { MoneyResponse } from '../common/member.responses';

export class AcquisitionCampaignResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: AcquisitionChannel })
  channel!: AcquisitionChannel;

  @ApiProperty()
  name!: string;

  @ApiProperty({ example: '2026-03-01' })
  startsOn!: string;

  @ApiProperty({ example: '2026-05-31' })
  endsOn!: string;

  @ApiProperty({ type: MoneyResponse })
  spend!: MoneyResponse;

  @ApiProperty()
  membersAcquired!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'AC = spend / members acquired: what each of its members cost.',
  })
  acquisitionCostPerMemberMinor!: number | null;

  static from(campaign: AcquisitionCampaign): AcquisitionCampaignResponse {
    return {
      id: campaign.id,
      channel: campaign.channel,
      name: campaign.name,
      startsOn: campaign.startsOn,
      endsOn: campaign.endsOn,
      spend: { ...campaign.spend },
      membersAcquired: campaign.membersAcquired,
      acquisitionCostPerMemberMinor: acquisitionCostPerMember(campaign),
    };
  }
}

export class AcquisitionCampaignListResponse {
  @ApiProperty({ type: [AcquisitionCampaignResponse] })
  items!: AcquisitionCampaignResponse[];
}
