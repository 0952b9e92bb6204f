import { type AppName, type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { stdTimeFunctions } from 'pino';
import { requestIdOf } from '../http/request-id';

/**
 * Paths never written to a log: credentials in headers and in bodies or log objects.
 * docs/operations.md keeps the list; a test checks that a secret in a request never reaches a log.
 */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.pin',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.apiKey',
  '*.secret',
];

/** pino-http hands custom serializers the request its standard serializer already reduced. */
interface LoggedRequest {
  readonly id?: string;
  readonly method?: string;
  readonly url?: string;
}

const QUIET_PATHS = ['/health/', '/metrics'];

/** Card numbers (runs of 12 or more digits) in a logged URL keep only their last four digits. */
export const maskCardNumbers = (text: string): string =>
  text.replaceAll(/\d{8,}(\d{4})/g, '****$1');

@Module({})
export class LoggingModule {
  /** Structured JSON logs: one line per request with its id, and the request id on every line. */
  static forRoot(appName: AppName): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [loyaltyConfig.KEY],
          useFactory: (config: LoyaltyConfig) => ({
            // nestjs-pino's default pattern ({/*splat}) matches nothing under Nest 12's Fastify
            // adapter, which would silently drop every request log; a test guards this.
            forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
            pinoHttp: {
              level: config.logLevel,
              base: { app: appName, pid: process.pid },
              timestamp: stdTimeFunctions.isoTime,
              formatters: { level: (label: string) => ({ level: label }) },
              // Fastify has already chosen the id (see create-http-app.ts); reuse it.
              genReqId: (request: IncomingMessage) =>
                (request as IncomingMessage & { id?: string }).id ?? requestIdOf(request),
              redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
              // What a request line says of the exchange is listed, not redacted after the
              // fact: no header is ever written, and serialising a dozen headers twice per
              // request was a tenth of a balance read's CPU.
              serializers: {
                req: (request: LoggedRequest) => ({
                  id: request.id,
                  method: request.method,
                  url: maskCardNumbers(request.url ?? ''),
                }),
                res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
              },
              autoLogging: {
                // Middleware sees req.url with the matched path stripped; originalUrl is whole.
                ignore: (request: IncomingMessage & { originalUrl?: string }) => {
                  const url = request.originalUrl ?? request.url ?? '';
                  return QUIET_PATHS.some((path) => url.startsWith(path));
                },
              },
            },
          }),
        }),
      ],
    };
  }
}
