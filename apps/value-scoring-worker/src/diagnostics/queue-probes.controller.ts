import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiGatewayTimeoutResponse,
  ApiOperation,
  ApiTags,
  ApiBearerAuth,
} from '@nestjs/swagger';
import { AdminGuard, OperatorOnly } from '../admin/admin.guard';
import { QueueProbeRequest } from './queue-probes.requests';
import { QueueProbeResponse } from './queue-probes.responses';
import { RunQueueProbeUseCase } from './run-queue-probe.use-case';

/** The platform operator's end-to-end check of Redis, a worker and PostgreSQL. */
@ApiTags('diagnostics')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@OperatorOnly()
@Controller({ path: 'queue-probes', version: '1' })
export class QueueProbesController {
  constructor(private readonly runQueueProbe: RunQueueProbeUseCase) {}

  @Post()
  @ApiOperation({
    summary: 'Send a probe job through Redis to a worker and wait for it to finish',
  })
  @ApiCreatedResponse({ type: QueueProbeResponse })
  @ApiBadRequestResponse({ type: ProblemDetails })
  @ApiGatewayTimeoutResponse({ type: ProblemDetails, description: 'No worker finished in time.' })
  probe(@Body() request: QueueProbeRequest): Promise<QueueProbeResponse> {
    return this.runQueueProbe.execute(request);
  }
}
