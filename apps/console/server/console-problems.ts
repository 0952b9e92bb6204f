import type { FastifyReply } from 'fastify';

/** The console server's own refusals, in the apps' problem+json shape (docs/errors.md). */
export interface ConsoleProblem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly requestId?: string;
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  415: 'Unsupported Media Type',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export const problem = (
  status: number,
  code: string,
  detail: string,
  requestId?: string,
): ConsoleProblem => ({
  type: `urn:loyalty:problem:${code.toLowerCase().replaceAll('_', '-')}`,
  title: TITLES[status] ?? 'Error',
  status,
  code,
  detail,
  ...(requestId ? { requestId } : {}),
});

export function sendProblem(reply: FastifyReply, body: ConsoleProblem): FastifyReply {
  return reply
    .code(body.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send({ ...body, instance: reply.request.url.split('?')[0], requestId: reply.request.id });
}
