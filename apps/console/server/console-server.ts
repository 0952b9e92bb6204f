import { type ConsoleConfig } from '@loyalty/config';
import { maskPersonalData, REDACTED_LOG_PATHS } from '@loyalty/platform';
import fastifyHttpProxy from '@fastify/http-proxy';
import fastifyStatic from '@fastify/static';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { consoleSecurityHeaders } from './console-security-headers';
import { problem, sendProblem } from './console-problems';
import { registerStaffSessionRoutes } from './staff-session.routes';

export interface ConsoleServerOptions {
  /** The folder of the built single-page app (index.html and assets/). */
  readonly webRoot: string;
  /** Where the JSON log lines go; standard output by default. */
  readonly logStream?: NodeJS.WritableStream;
}

/** The two HTTP apps, as the console's own origin exposes them to the browser. */
export const UPSTREAM_PREFIXES = {
  pointsLedger: '/api/points-ledger',
  cardIssuance: '/api/card-issuance',
} as const;

/**
 * The console's server: the built single-page app as static files, and a same-origin gateway to
 * the two HTTP apps (decision 0020). Only `/v1/…` routes are forwarded, headers and bodies as the
 * apps give them (their security headers and problem+json refusals reach the browser intact);
 * the staff refresh token lives in an HttpOnly cookie that only this server reads.
 */
export async function createConsoleServer(
  config: ConsoleConfig,
  { webRoot, logStream }: ConsoleServerOptions,
): Promise<FastifyInstance> {
  const server = Fastify({
    logger: {
      level: config.logLevel,
      ...(logStream ? { stream: logStream } : {}),
      base: { app: 'console', pid: process.pid },
      redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' },
      serializers: {
        req: (request: { id?: string; method?: string; url?: string }) => ({
          id: request.id,
          method: request.method,
          url: maskPersonalData(request.url ?? ''),
        }),
        res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
      },
    },
    genReqId: () => randomUUID(),
    // The console answers its own origin only; no proxy sits in front of it on a developer
    // machine, and one that does is named by the operator's load balancer, not trusted blindly.
    trustProxy: false,
    return503OnClosing: true,
    logController: new LogController({
      disableRequestLogging: (request) => request.url.startsWith('/health/'),
    }),
  });

  // First of all: a route keeps the error handler in force when it is declared.
  server.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'console server error');
    return sendProblem(
      reply,
      problem(
        status,
        CODES_OF_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED'),
        status >= 500 ? 'something went wrong; quote the request id' : (error.message ?? ''),
        request.id,
      ),
    );
  });

  const ownHeaders = consoleSecurityHeaders();
  server.addHook('onRequest', (request, reply, done) => {
    if (!isForwarded(request.url)) void reply.headers(ownHeaders);
    done();
  });

  server.get('/health/live', (_request, reply) => reply.send({ status: 'ok' }));
  server.get('/health/ready', (_request, reply) =>
    existsSync(join(webRoot, 'index.html'))
      ? reply.send({ status: 'ok' })
      : sendProblem(reply, problem(503, 'CONSOLE_NOT_BUILT', 'the console has not been built')),
  );

  registerStaffSessionRoutes(server, config);

  for (const [app, prefix] of Object.entries(UPSTREAM_PREFIXES)) {
    const upstream = config.upstreams[app as keyof typeof UPSTREAM_PREFIXES];
    await server.register(fastifyHttpProxy, {
      upstream,
      prefix: `${prefix}/v1`,
      rewritePrefix: '/v1',
      replyOptions: {
        rewriteRequestHeaders: (request, headers) => {
          // The session cookie is the console's alone; the apps see the person's address.
          const { cookie: _cookie, ...forwarded } = headers;
          return { ...forwarded, 'x-forwarded-for': request.ip };
        },
        onError: (reply, { error }) => {
          reply.log.warn({ err: error, upstream: app }, 'upstream unreachable');
          sendProblem(
            reply as unknown as FastifyReply,
            problem(
              502,
              'UPSTREAM_UNAVAILABLE',
              `${app === 'pointsLedger' ? 'points-ledger' : 'card-issuance'} did not answer; try again in a moment`,
            ),
          );
        },
      },
    });
  }

  await server.register(fastifyStatic, {
    root: webRoot,
    prefix: '/',
    // Files are looked up when asked for, so a rebuild while the server runs is served at once;
    // what is not a file goes on to the screens' fallback below.
    wildcard: true,
    index: false,
    // Vite names every asset by its content: a new build is a new name.
    setHeaders: (response, path) => {
      response.header(
        'cache-control',
        path.includes(`${join('/', 'assets', '/')}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
  });

  // The root is a folder to the static plugin, which refuses to list it: it is the app too.
  server.get('/', (_request, reply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html'),
  );

  // Every other GET is a screen of the single-page app: its router reads the path.
  server.setNotFoundHandler((request, reply) => {
    if (
      (request.method === 'GET' || request.method === 'HEAD') &&
      !request.url.startsWith('/api/') &&
      !request.url.startsWith('/assets/')
    ) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(
      reply,
      problem(404, 'NOT_FOUND', `no route ${request.method} ${pathOf(request)}`),
    );
  });

  return server;
}

/** The apps' codes for what Fastify refuses before a route runs (docs/errors.md). */
const CODES_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

const isForwarded = (url: string): boolean =>
  url.startsWith(`${UPSTREAM_PREFIXES.pointsLedger}/v1`) ||
  url.startsWith(`${UPSTREAM_PREFIXES.cardIssuance}/v1`);

const pathOf = (request: FastifyRequest): string =>
  maskPersonalData(request.url.split('?')[0] ?? '');
