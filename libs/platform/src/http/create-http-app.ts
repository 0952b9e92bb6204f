import { type LoyaltyConfig, loyaltyConfig, loadLoyaltyConfig } from '@loyalty/config';
import { type DynamicModule, type Type, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { problemClientErrorHandler } from './client-error-handler';
import { describeProblems } from './openapi-problems';
import { PROBLEM_CONTENT_TYPE, ProblemDetails } from './problem-details';
import { problemContextOf, problemForStatus } from './problem-mapping';
import { requestIdOf } from './request-id';
import { securityHeaders } from './security-headers';

/** Fastify takes a list of proxies as one comma-separated string. */
const trustProxyOption = (trusted: boolean | readonly string[]): boolean | string =>
  typeof trusted === 'boolean' ? trusted : trusted.join(',');

export interface HttpAppDescription {
  readonly title: string;
  readonly description: string;
}

/** Largest request body accepted; offline batch uploads will set their own limit. */
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Builds an app on Fastify with everything the three apps share: request ids, JSON logs,
 * URI versioning (/v1/...), problem+json errors, and OpenAPI at /docs and /docs-json.
 * It does not listen: main.ts does, and the tests listen on a port of their own.
 */
export async function createHttpApp(
  rootModule: Type | DynamicModule | Promise<DynamicModule>,
  description: HttpAppDescription,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: false,
    // Read before Nest boots: the adapter is built first. Validation happens again at boot.
    trustProxy: trustProxyOption(loadLoyaltyConfig().trustProxy),
    requestIdHeader: false,
    genReqId: requestIdOf,
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    clientErrorHandler: problemClientErrorHandler,
    // Errors of Fastify's router, before any route or Nest filter: a malformed URL encoding, a
    // path segment longer than maxParamLength.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      void reply
        .code(status)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .send(
          problemForStatus(
            status,
            'a path segment is too long or not valid URL encoding',
            problemContextOf(request),
          ),
        );
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(await rootModule, adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableVersioning({ type: VersioningType.URI });

  const fastify = app.getHttpAdapter().getInstance();
  const headers = securityHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(headers).header('x-request-id', request.id);
    done();
  });
  // Once closing, a request that was in flight ends its keep-alive connection with its response;
  // otherwise the server would wait for the client to hang up before it could stop.
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  const config = app.get<LoyaltyConfig>(loyaltyConfig.KEY);
  if (config.http.apiDocsEnabled) {
    const document = describeProblems(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle(description.title)
          .setDescription(description.description)
          .setVersion('1')
          .build(),
        { extraModels: [ProblemDetails] },
      ),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  }
  return app;
}
