import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import { problemContextOf, toProblem } from './problem-mapping';

/**
 * The one global exception filter: every error becomes RFC 9457 problem+json. Nest also routes
 * Fastify's own errors here (malformed JSON, a body too large), and unknown routes.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    this.logger.setContext(ProblemDetailsFilter.name);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { problem, serverFault, retryAfterSeconds } = toProblem(
      exception,
      problemContextOf(request),
    );
    if (serverFault) {
      this.logger.error(
        { err: exception, requestId: request.id, code: problem.code },
        'request failed',
      );
    }
    if (reply.sent) return;
    if (retryAfterSeconds) void reply.header('retry-after', String(retryAfterSeconds));
    if (problem.status === 401) void reply.header('www-authenticate', 'Bearer realm="loyalty"');
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}
