import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import { toProblem } from './problem-mapping';

/** Sends a mapped problem; shared by the filter and Fastify's error handler. */
export interface ProblemLogger {
  error(context: object, message: string): void;
}

export function sendProblem(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: ProblemLogger,
): void {
  const { problem, serverFault, retryAfterSeconds } = toProblem(error, {
    instance: request.url.split('?')[0] ?? request.url,
    requestId: String(request.id),
  });
  if (serverFault) {
    logger.error({ err: error, requestId: request.id, code: problem.code }, 'request failed');
  }
  if (reply.sent) return;
  if (retryAfterSeconds) void reply.header('retry-after', String(retryAfterSeconds));
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}

/** The one global exception filter: every error becomes RFC 9457 problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    this.logger.setContext(ProblemDetailsFilter.name);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(
      exception,
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
      this.logger,
    );
  }
}
