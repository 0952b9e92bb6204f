import { QueueName } from '@loyalty/messaging';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  @ApiProperty({ enum: QueueName })
  @IsEnum(QueueName)
  queue!: QueueName;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  jobId!: string;
}
