import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class RescoreProgress {
  @ApiProperty({ enum: ['scores', 'tiers'] })
  phase!: string;

  @ApiProperty({ description: 'Members scored so far.' })
  scored!: number;
}

export class RescoreResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ['queued', 'running', 'finished', 'failed'] })
  state!: 'queued' | 'running' | 'finished' | 'failed';

  @ApiProperty({ format: 'uuid', description: 'The admin who asked for it.' })
  requestedBy!: string;

  @ApiProperty({ format: 'date-time' })
  requestedAt!: string;

  @ApiPropertyOptional({ type: RescoreProgress, nullable: true })
  progress!: RescoreProgress | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  finishedAt!: string | null;

  @ApiProperty({ nullable: true, type: Number })
  scored!: number | null;

  @ApiProperty({ nullable: true, type: Number })
  tierChanges!: number | null;

  @ApiProperty({ nullable: true, type: Number })
  rewardsPaid!: number | null;
}
