import { ApiProperty } from '@nestjs/swagger';

export class QueueProbeResponse {
  @ApiProperty()
  jobId!: string;

  @ApiProperty({ example: 'worker-1:4242', description: 'host:pid of the worker that ran it' })
  processedBy!: string;

  @ApiProperty({ format: 'date-time' })
  processedAt!: string;

  @ApiProperty({ format: 'date-time', description: "PostgreSQL's now() during the job" })
  databaseTime!: string;

  @ApiProperty({ example: 12, description: 'From enqueue to the completion event, in ms' })
  roundTripMs!: number;
}
