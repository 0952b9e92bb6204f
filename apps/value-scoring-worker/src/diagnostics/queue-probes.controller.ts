import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiGatewayTimeoutResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { QueueProbeRequest } from './queue-probe.request';
import { QueueProbeResponse } from './queue-probe.response';
import { RunQueueProbeUseCase } from './run-queue-probe.use-case';

/** On the worker's admin port, which is internal: it will sit behind admin auth with the board. */
@ApiTags('diagnostics')
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
