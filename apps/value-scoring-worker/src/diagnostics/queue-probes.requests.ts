import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class QueueProbeRequest {
  @ApiPropertyOptional({ example: 'on-call', description: 'Who asks, for the logs.' })
  @IsOptional()
  @Matches(/^[\w .@:-]{1,64}$/, { message: 'requestedBy must be 1 to 64 plain characters' })
  requestedBy: string = 'admin-api';

  @ApiPropertyOptional({ minimum: 100, maximum: 10000, default: 5000 })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(10000)
  timeoutMs: number = 5000;
}
