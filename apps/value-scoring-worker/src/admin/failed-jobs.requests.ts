import { QueueName } from '@loyalty/messaging';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';

export class FailedJobsQuery {
  @ApiPropertyOptional({ enum: QueueName })
  @IsOptional()
  @IsEnum(QueueName)
  queue?: QueueName;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class FailedJobParams {
  @IsEnum(QueueName)
  queue!: QueueName;

  @IsString()
  @Length(1, 200)
  jobId!: string;
}
