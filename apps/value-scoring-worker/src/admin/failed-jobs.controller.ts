import { QueueName } from '@loyalty/messaging';
import { ProblemDetails } from '@loyalty/platform';
import { getQueueToken } from '@nestjs/bullmq';
import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, DomainErrorCode } from '@loyalty/domain';
import type { Queue } from 'bullmq';
import { IsEnum, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { AdminGuard } from './admin.guard';

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

/**
 * The dead letters: jobs that failed every attempt stay in BullMQ's failed set (never removed
 * for the ledger's events, two weeks for the rest). An admin lists them and replays one once the
 * cause is fixed; handlers are idempotent, so a replay never applies anything twice.
 */
@ApiTags('failed jobs')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller({ path: 'failed-jobs', version: '1' })
export class FailedJobsController {
  constructor(private readonly moduleRef: ModuleRef) {}

  @Get()
  @ApiOperation({ summary: 'Jobs that failed every attempt, newest first' })
  async list(@Query() query: FailedJobsQuery): Promise<{ items: FailedJobResponse[] }> {
    const names = query.queue ? [query.queue] : Object.values(QueueName);
    const items: FailedJobResponse[] = [];
    for (const name of names) {
      const jobs = await this.queue(name).getFailed(0, (query.limit ?? 100) - 1);
      for (const job of jobs) {
        items.push({
          queue: name,
          id: String(job.id),
          name: job.name,
          failedReason: job.failedReason,
          attemptsMade: job.attemptsMade,
          failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
          data: job.data,
        });
      }
    }
    items.sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? ''));
    return { items: items.slice(0, query.limit ?? 100) };
  }

  @Post(':queue/:jobId/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Replay a failed job' })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async retry(
    @Param() params: FailedJobParams,
  ): Promise<{ queue: string; id: string; state: string }> {
    const job = await this.queue(params.queue).getJob(params.jobId);
    if (!job || !(await job.isFailed())) {
      throw new DomainError(
        DomainErrorCode.JobNotFound,
        'no failed job of that queue has this id',
        'jobId',
      );
    }
    await job.retry('failed');
    return { queue: params.queue, id: params.jobId, state: await job.getState() };
  }

  private queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }
}
