import { POINT_LIMIT_BOUNDS } from '@loyalty/domain';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';

const { offlineWindowDays, maxPurchaseMinor, points } = POINT_LIMIT_BOUNDS;

/** A whole number within the limit's bounds, documented with them. */
const Bounded = (bounds: { min: number; max: number }, example: number) =>
  applyDecorators(
    ApiProperty({ example, minimum: bounds.min, maximum: bounds.max }),
    IsInt(),
    Min(bounds.min),
    Max(bounds.max),
  );

/** Every limit at once: a PUT replaces the program's point limits whole. */
export class PointLimitsRequest {
  @Bounded(offlineWindowDays, 7)
  offlineWindowDays!: number;

  @Bounded(maxPurchaseMinor, 5_000_000)
  maxPurchaseMinor!: number;

  @Bounded(points, 5_000)
  memberTransferDailyPoints!: number;

  @Bounded(points, 10_000)
  staffTransferMaxPoints!: number;

  @Bounded(points, 5_000)
  managerAdjustmentDailyPoints!: number;

  @Bounded(points, 50_000)
  adminAdjustmentDailyPoints!: number;

  @ApiProperty({ enum: ['higher_role', 'another_manager'] })
  @IsIn(['higher_role', 'another_manager'])
  adjustmentApprover!: 'higher_role' | 'another_manager';
}
