import { IsId, PageQuery } from '@loyalty/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min, NotEquals } from 'class-validator';
import { MAX_POINTS } from '../common/amounts';

export class AdjustmentRequest {
  @ApiProperty({ format: 'uuid' })
  @IsId()
  memberId!: string;

  @ApiProperty({ description: 'Positive adds points, negative removes them.', example: 100 })
  @IsInt()
  @NotEquals(0)
  @Min(-MAX_POINTS)
  @Max(MAX_POINTS)
  points!: number;

  @ApiProperty({
    example: 'receipt scanned twice on 2026-11-02, points restored',
    description: 'Why: at least 10 characters once blanks around it are trimmed.',
  })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class AdjustmentRequestIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsId()
  adjustmentRequestId!: string;
}

export class AdjustmentDecisionRequest {
  @ApiPropertyOptional({ example: 'checked against the till journal' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class AdjustmentRequestsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected'], default: 'pending' })
  @IsOptional()
  @IsIn(['pending', 'approved', 'rejected'])
  status?: 'pending' | 'approved' | 'rejected';
}
