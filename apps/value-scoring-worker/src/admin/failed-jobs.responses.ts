import { QueueName } from '@loyalty/messaging';
import { ApiProperty } from '@nestjs/swagger';

export class FailedJobResponse {
  @ApiProperty({ enum: QueueName })
  queue!: string;

  @ApiProperty()
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  failedReason!: string;

  @ApiProperty()
  attemptsMade!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  failedAt!: string | null;

  @ApiProperty({ type: Object })
  data!: unknown;
}

export class FailedJobsResponse {
  @ApiProperty({ type: [FailedJobResponse] })
  items!: FailedJobResponse[];
}

export class ReplayedJobResponse {
  @ApiProperty({ enum: QueueName })
  queue!: string;

  @ApiProperty()
  id!: string;

  @ApiProperty({ description: 'The job’s state once handed back: waiting, or already active.' })
  state!: string;
}
