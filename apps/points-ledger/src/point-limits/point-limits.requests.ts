import { POINT_LIMIT_BOUNDS } from '@loyalty/domain';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';

const { offlineWindowDays, maxPurchaseMinor, points } = POINT_LIMIT_BOUNDS;

/** Every limit at once: a PUT replaces the program's point limits whole. */
export class PointLimitsRequest {
  @ApiProperty({ example: 7, minimum: offlineWindowDays.min, maximum: offlineWindowDays.max })
  @IsInt()
  @Min(offlineWindowDays.min)
  @Max(offlineWindowDays.max)
  offlineWindowDays!: number;

  @ApiProperty({ example: 5_000_000, minimum: maxPurchaseMinor.min, maximum: maxPurchaseMinor.max })
  @IsInt()
  @Min(maxPurchaseMinor.min)
  @Max(maxPurchaseMinor.max)
  maxPurchaseMinor!: number;

  @ApiProperty({ example: 5_000, minimum: points.min, maximum: points.max })
  @IsInt()
  @Min(points.min)
  @Max(points.max)
  memberTransferDailyPoints!: number;

  @ApiProperty({ example: 10_000, minimum: points.min, maximum: points.max })
  @IsInt()
  @Min(points.min)
  @Max(points.max)
  staffTransferMaxPoints!: number;

  @ApiProperty({ example: 5_000, minimum: points.min, maximum: points.max })
  @IsInt()
  @Min(points.min)
  @Max(points.max)
  managerAdjustmentDailyPoints!: number;

  @ApiProperty({ example: 50_000, minimum: points.min, maximum: points.max })
  @IsInt()
  @Min(points.min)
  @Max(points.max)
  adminAdjustmentDailyPoints!: number;

  @ApiProperty({ enum: ['higher_role', 'another_manager'] })
  @IsIn(['higher_role', 'another_manager'])
  adjustmentApprover!: 'higher_role' | 'another_manager';
}
