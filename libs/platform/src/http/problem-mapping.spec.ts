import { DomainError, DomainErrorCode } from '@loyalty/domain';
import {
  BadRequestException,
  ForbiddenException,
  InternalServerErrorException,
  NotFoundException,
} from '@nestjs/common';
import { toProblem } from './problem-mapping';
import { RequestValidationException } from './request-validation';

const context = { instance: '/v1/things', requestId: 'req-1' };

describe('toProblem', () => {
  it('maps every domain error code to a client status', () => {
    for (const code of Object.values(DomainErrorCode)) {
      const { problem, serverFault } = toProblem(new DomainError(code, 'explained'), context);
      expect(problem.status).toBeGreaterThanOrEqual(400);
      expect(problem.code).toBe(code);
      expect(serverFault).toBe(false);
    }
  });

  it.each([
    [DomainErrorCode.StoreNotFound, 404],
    [DomainErrorCode.InvalidCursor, 400],
    [DomainErrorCode.QueueProbeTimedOut, 504],
  ])('answers %s with %i', (code, status) => {
    expect(toProblem(new DomainError(code, 'x'), context).problem.status).toBe(status);
  });

  it('lists the invalid fields of a validation failure', () => {
    const error = new RequestValidationException([
      { field: 'limit', detail: 'limit must be an integer number', location: 'query' },
    ]);

    expect(toProblem(error, context).problem).toEqual({
      type: 'urn:loyalty:problem:validation-failed',
      title: 'Bad Request',
      status: 400,
      detail: 'The request has 1 invalid field.',
      instance: '/v1/things',
      code: 'VALIDATION_FAILED',
      requestId: 'req-1',
      errors: [{ field: 'limit', detail: 'limit must be an integer number', location: 'query' }],
    });
  });

  it.each([
    [new NotFoundException('Cannot GET /x'), 404, 'NOT_FOUND'],
    [new ForbiddenException(), 403, 'FORBIDDEN'],
    [new BadRequestException('bad'), 400, 'BAD_REQUEST'],
  ])('keeps the status of an HTTP exception', (error, status, code) => {
    expect(toProblem(error, context).problem).toMatchObject({ status, code });
  });

  it('answers an unexpected error with 500 and nothing of the error itself', () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'secret')");

    const { problem, serverFault } = toProblem(error, context);

    expect(problem.status).toBe(500);
    expect(serverFault).toBe(true);
    expect(JSON.stringify(problem)).not.toMatch(/secret|TypeError|at /);
    expect(problem.requestId).toBe('req-1');
  });

  it('hides the message of a server-side HTTP exception', () => {
    const { problem } = toProblem(
      new InternalServerErrorException('pool exhausted at db-3'),
      context,
    );
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('db-3');
  });

  it.each([
    Object.assign(new Error('connect ECONNREFUSED 10.0.0.3:5432'), { code: 'ECONNREFUSED' }),
    new Error('Connection terminated unexpectedly'),
    Object.assign(new Error('query failed'), { driverError: { code: '57P01' } }),
    Object.assign(new Error('Reached the max retries per request limit (which is 1).'), {
      name: 'MaxRetriesPerRequestError',
    }),
  ])('answers an unreachable PostgreSQL or Redis with 503 and Retry-After', (error) => {
    const mapped = toProblem(error, context);
    expect(mapped.problem).toMatchObject({ status: 503, code: 'DEPENDENCY_UNAVAILABLE' });
    expect(mapped.retryAfterSeconds).toBe(5);
    expect(JSON.stringify(mapped.problem)).not.toContain('10.0.0.3');
  });

  it("keeps the 4xx of Fastify's own client errors", () => {
    const error = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    expect(toProblem(error, context).problem).toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
  });
});
