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

/**
 * Card numbers (runs of 12 or more digits) in a logged URL keep only their last four digits; a
 * voucher code, a bearer secret a till sends in the path, is not written at all.
 */
export const maskCardNumbers = (text: string): string =>
  text
    .replaceAll(/\d{8,}(\d{4})/g, '****$1')
    .replaceAll(/(\/vouchers\/)(?![0-9a-f]{8}-[0-9a-f]{4}-)[^/?#]+/gi, '$1[redacted]');

/** Query parameters whose values are personal data (a desk's member search, a till's look-up). */
const PERSONAL_QUERY_KEYS = new Set(['email', 'phone', 'name', 'q', 'query', 'search']);

/**
 * A URL as the request log writes it: personal values in the query (by name, or any value that
 * holds an email address) are redacted, card numbers keep their last four digits.
 */
export function maskPersonalData(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) return maskCardNumbers(url);
  const query = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const [key = '', value = ''] = pair.split('=');
      const personal =
        PERSONAL_QUERY_KEYS.has(key.toLowerCase()) || /@|%40/i.test(value) || /@|%40/i.test(key);
      return personal && value !== '' ? `${key}=[redacted]` : pair;
    })
    .join('&');
  return maskCardNumbers(`${url.slice(0, start)}?${query}`);
}

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
                  url: maskPersonalData(request.url ?? ''),
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
