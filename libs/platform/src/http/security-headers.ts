import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * helmet's security headers for apps that answer JSON, images and passes, never HTML of their
 * own: the content security policy (which would break the Swagger UI at /docs) is left off. They
 * are the same on every response, so helmet runs once, here, instead of once per request as the
 * Fastify plugin does (a few percent of a request's CPU).
 */
export function securityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let finished = false;
  helmet({ contentSecurityPolicy: false })(
    {} as IncomingMessage,
    response as unknown as ServerResponse,
    (error?: unknown) => {
      finished = error === undefined;
    },
  );
  if (!finished) throw new Error('helmet did not set its headers synchronously');
  return headers;
}
