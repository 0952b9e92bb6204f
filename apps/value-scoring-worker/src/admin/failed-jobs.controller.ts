import { QueueName } from '@loyalty/messaging';
import { ProblemDetails } from '@loyalty/platform';
import { getQueueToken } from '@nestjs/bullmq';
import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, DomainErrorCode } from '@loyalty/domain';
import type { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import type { AdminCaller } from './admin-authentication';
import { AdminGuard, CallerOfAdminPort } from './admin.guard';
import { FailedJobsQuery, FailedJobParams } from './failed-jobs.requests';
import {
  FailedJobResponse,
  FailedJobsResponse,
  ReplayedJobResponse,
} from './failed-jobs.responses';

/** The program a job works for, when it works for one. */
export function programOfJob(data: unknown): string | null {
  const payload = (data ?? {}) as { programId?: unknown; event?: { programId?: unknown } };
  const programId = payload.programId ?? payload.event?.programId;
  return typeof programId === 'string' ? programId : null;
}

/** Failed jobs read per page while filtering for one program; a scan stops after this many. */
const SCAN_PAGE = 200;
const SCAN_LIMIT = 10_000;

type FailedJob = Awaited<ReturnType<Queue['getFailed']>>[number];

/**
 * The dead letters: jobs that failed every attempt stay in BullMQ's failed set (never removed
 * for the ledger's events, two weeks for the rest). The platform operator sees them all; a
 * program admin sees and replays only their program's, and another program's job is "not found"
 * to them. Handlers are idempotent, so a replay never applies anything twice.
 */
@ApiTags('failed jobs')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller({ path: 'failed-jobs', version: '1' })
export class FailedJobsController {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(FailedJobsController.name);
  }

  @Get()
  @ApiOperation({ summary: 'Jobs that failed every attempt, newest first' })
  @ApiOkResponse({ type: FailedJobsResponse })
  async list(
    @Query() query: FailedJobsQuery,
    @CallerOfAdminPort() caller: AdminCaller,
  ): Promise<FailedJobsResponse> {
    const limit = query.limit ?? 100;
    const names = query.queue ? [query.queue] : Object.values(QueueName);
    const items: FailedJobResponse[] = [];
    for (const name of names) {
      for (const job of await this.failedJobsOf(name, caller, limit)) {
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
    return { items: items.slice(0, limit) };
  }

  @Post(':queue/:jobId/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Replay a failed job' })
  @ApiAcceptedResponse({ type: ReplayedJobResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async retry(
    @Param() params: FailedJobParams,
    @CallerOfAdminPort() caller: AdminCaller,
  ): Promise<ReplayedJobResponse> {
    const job = await this.queue(params.queue).getJob(params.jobId);
    if (!job || !(await job.isFailed()) || !visibleTo(caller, job)) {
      throw new DomainError(
        DomainErrorCode.JobNotFound,
        'no failed job of that queue has this id',
        'jobId',
      );
    }
    await job.retry('failed');
    this.logger.info(
      { queue: params.queue, jobId: params.jobId, by: caller },
      'failed job replayed',
    );
    return { queue: params.queue, id: params.jobId, state: await job.getState() };
  }

  private async failedJobsOf(
    name: QueueName,
    caller: AdminCaller,
    limit: number,
  ): Promise<FailedJob[]> {
    const queue = this.queue(name);
    if (caller.kind === 'operator') return queue.getFailed(0, limit - 1);
    const found: FailedJob[] = [];
    for (let start = 0; start < SCAN_LIMIT && found.length < limit; start += SCAN_PAGE) {
      const page = await queue.getFailed(start, start + SCAN_PAGE - 1);
      found.push(...page.filter((job) => visibleTo(caller, job)));
      if (page.length < SCAN_PAGE) break;
    }
    return found.slice(0, limit);
  }

  private queue(name: QueueName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }
}

function visibleTo(caller: AdminCaller, job: FailedJob): boolean {
  return caller.kind === 'operator' || programOfJob(job.data) === caller.programId;
}
