import { ApiProperty } from '@nestjs/swagger';

export class PointLimitsResponse {
  @ApiProperty({ description: "How many days old a till's purchase may be when it arrives." })
  offlineWindowDays!: number;

  @ApiProperty({ description: 'The largest purchase a till may report, in minor units.' })
  maxPurchaseMinor!: number;

  @ApiProperty({ description: 'Points one member may send from the app in any 24 hours.' })
  memberTransferDailyPoints!: number;

  @ApiProperty({ description: 'The most points one staff transfer moves.' })
  staffTransferMaxPoints!: number;

  @ApiProperty({ description: 'Points a manager adjusts one member by in any 24 hours.' })
  managerAdjustmentDailyPoints!: number;

  @ApiProperty({ description: 'Points an admin adjusts one member by in any 24 hours.' })
  adminAdjustmentDailyPoints!: number;

  @ApiProperty({
    enum: ['higher_role', 'another_manager'],
    description: "Who approves a manager's adjustment above the cap.",
  })
  adjustmentApprover!: string;
}
