import { type ConsoleConfig } from '@loyalty/config';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from './console-problems';

export const REFRESH_COOKIE = 'loyalty_console_session';
export const SESSION_PATH = '/api/session';

/** Longest a sign-in, refresh or sign-out waits for card-issuance. */
const UPSTREAM_TIMEOUT_MS = 10_000;

/**
 * Staff sign-in, refresh and sign-out for the browser (decision 0020). The access token goes to
 * the page, which keeps it in memory only; the refresh token never does: it stays in an HttpOnly,
 * SameSite=Strict cookie scoped to these three routes, so a script on the page cannot read it and
 * another site cannot spend it. The routes take JSON only, which a cross-site form cannot send
 * without a preflight this server never grants, and refuse a foreign Origin outright.
 */
export function registerStaffSessionRoutes(server: FastifyInstance, config: ConsoleConfig): void {
  const cardIssuance = config.upstreams.cardIssuance;

  const forward = async (request: FastifyRequest, path: string, body: unknown) => {
    const response = await fetch(`${cardIssuance}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-forwarded-for': request.ip,
        'x-request-id': request.id,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? 'application/json',
      retryAfter: response.headers.get('retry-after'),
      body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
    };
  };

  const cookie = (value: string, maxAgeSeconds?: number) =>
    [
      `${REFRESH_COOKIE}=${value}`,
      `Path=${SESSION_PATH}`,
      'HttpOnly',
      'SameSite=Strict',
      ...(config.secureCookie ? ['Secure'] : []),
      ...(maxAgeSeconds === undefined ? [] : [`Max-Age=${maxAgeSeconds}`]),
    ].join('; ');

  const clearCookie = (reply: FastifyReply) => reply.header('set-cookie', cookie('', 0));

  /** Passes card-issuance's answer on, keeping the refresh token back in the cookie. */
  const answer = (reply: FastifyReply, upstream: Awaited<ReturnType<typeof forward>>) => {
    if (upstream.status >= 200 && upstream.status < 300 && upstream.body) {
      const { refreshToken, ...rest } = upstream.body;
      if (typeof refreshToken === 'string') reply.header('set-cookie', cookie(refreshToken));
      return reply.code(upstream.status).header('cache-control', 'no-store').send(rest);
    }
    if (upstream.status === 401) clearCookie(reply);
    if (upstream.retryAfter) reply.header('retry-after', upstream.retryAfter);
    return reply
      .code(upstream.status)
      .header('content-type', upstream.contentType)
      .send(upstream.body ?? '');
  };

  const guard = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const contentType = request.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(contentType)) {
      sendProblem(reply, problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json'));
      return false;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !isSameOrigin(origin, request.headers.host)) {
      sendProblem(reply, problem(403, 'FOREIGN_ORIGIN', 'sign-in is taken from the console only'));
      return false;
    }
    return true;
  };

  const refreshTokenOf = (request: FastifyRequest): string | undefined => {
    for (const pair of (request.headers.cookie ?? '').split(';')) {
      const [name, ...value] = pair.trim().split('=');
      if (name === REFRESH_COOKIE && value.join('=') !== '') return value.join('=');
    }
    return undefined;
  };

  const unavailable = (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    request.log.warn({ err: error }, 'card-issuance unreachable for a staff session');
    return sendProblem(
      reply,
      problem(502, 'UPSTREAM_UNAVAILABLE', 'card-issuance did not answer; try again in a moment'),
    );
  };

  server.post(SESSION_PATH, { bodyLimit: 16 * 1024 }, async (request, reply) => {
    if (!guard(request, reply)) return reply;
    try {
      return answer(reply, await forward(request, '/v1/staff/sessions', request.body ?? {}));
    } catch (error) {
      return unavailable(request, reply, error);
    }
  });

  server.post(`${SESSION_PATH}/refresh`, { bodyLimit: 1024 }, async (request, reply) => {
    if (!guard(request, reply)) return reply;
    const refreshToken = refreshTokenOf(request);
    if (!refreshToken) {
      return sendProblem(reply, problem(401, 'INVALID_CREDENTIALS', 'no session: sign in'));
    }
    try {
      return answer(reply, await forward(request, '/v1/staff/sessions/refresh', { refreshToken }));
    } catch (error) {
      return unavailable(request, reply, error);
    }
  });

  server.post(`${SESSION_PATH}/revocation`, { bodyLimit: 1024 }, async (request, reply) => {
    if (!guard(request, reply)) return reply;
    const refreshToken = refreshTokenOf(request);
    clearCookie(reply);
    if (!refreshToken) return reply.code(204).send();
    try {
      const upstream = await forward(request, '/v1/staff/sessions/revocation', { refreshToken });
      // Signed out either way: a token that no longer works is a session already over.
      return upstream.status >= 500 ? answer(reply, upstream) : reply.code(204).send();
    } catch (error) {
      return unavailable(request, reply, error);
    }
  });
}

function isSameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
