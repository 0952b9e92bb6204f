import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem-details';

const PROBLEM_MEDIA_TYPE = PROBLEM_CONTENT_TYPE.split(';')[0]!;
const PROBLEM_SCHEMA = { $ref: '#/components/schemas/ProblemDetails' };

/** What every route may answer whatever it does: its input refused, or the server overloaded. */
const EVERY_ROUTE_REFUSES = {
  '400': 'A malformed or unknown field, or a query parameter the route does not take.',
} as const;

/**
 * Tells every refusal as the apps send it: as `application/problem+json` with the ProblemDetails
 * schema (the decorators can only say `application/json`), and gives every operation the 400 any
 * route answers to a query parameter it does not take. A client generated from the document then
 * types each refusal.
 */
export function describeProblems(document: OpenAPIObject): OpenAPIObject {
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations as Record<string, unknown>)) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) {
        continue;
      }
      const responses = operation.responses as Record<
        string,
        { description?: string; content?: Record<string, unknown> }
      >;
      for (const [status, description] of Object.entries(EVERY_ROUTE_REFUSES)) {
        responses[status] ??= { description };
      }
      for (const [status, response] of Object.entries(responses)) {
        // Every 4xx is a problem; a 5xx only where the route says so (a readiness report is not).
        const problem =
          /^4\d\d$/.test(status) ||
          (/^5\d\d$/.test(status) &&
            JSON.stringify(response.content ?? {}).includes('ProblemDetails'));
        if (problem) response.content = { [PROBLEM_MEDIA_TYPE]: { schema: PROBLEM_SCHEMA } };
      }
    }
  }
  return document;
}
