import { IsId } from '@loyalty/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsInt, Max, Min, IsString, Length } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';

export class PeriodQuery {
  @ApiPropertyOptional({ enum: ['week', 'month', 'quarter'], default: 'month' })
  @IsOptional()
  @IsIn(['week', 'month', 'quarter'])
  period?: 'week' | 'month' | 'quarter';

  @ApiPropertyOptional({ format: 'date-time', description: 'Default: 12 periods back.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Default: now.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AcquisitionQuery {
  @ApiPropertyOptional({
    enum: ['channel', 'campaign'],
    default: 'channel',
    description: 'campaign: one row per acquisition campaign, and per channel for the rest.',
  })
  @IsOptional()
  @IsIn(['channel', 'campaign'])
  by?: 'channel' | 'campaign';
}

export class ClvSegmentQuery {
  @ApiProperty({ enum: ['tier', 'store', 'channel'] })
  @IsIn(['tier', 'store', 'channel'])
  by!: 'tier' | 'store' | 'channel';
}

export class SurveyRequest {
  @ApiPropertyOptional({ minimum: 0, maximum: 10, description: 'How likely to recommend us?' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  nps?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'How satisfied?' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  csat?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 7, description: 'How much effort did it take?' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7)
  ces?: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  comment?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The store the answer is about.' })
  @IsOptional()
  @IsId()
  storeId?: string;
}
