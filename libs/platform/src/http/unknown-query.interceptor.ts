import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Observable } from 'rxjs';
import { RequestValidationException } from './request-validation';

interface RouteArgument {
  readonly index: number;
  readonly data?: unknown;
}

/**
 * What a route reads of the query string: every parameter when it takes a query class (which the
 * validation pipe then checks field by field), the named ones when it reads single parameters,
 * none otherwise.
 */
function queryReadBy(context: ExecutionContext): 'all' | ReadonlySet<string> {
  const args = (Reflect.getMetadata(
    ROUTE_ARGS_METADATA,
    context.getClass(),
    context.getHandler().name,
  ) ?? {}) as Record<string, RouteArgument>;
  const names = new Set<string>();
  for (const [key, argument] of Object.entries(args)) {
    if (key.split(':')[0] !== String(RouteParamtypes.QUERY)) continue;
    if (typeof argument.data !== 'string') return 'all';
    names.add(argument.data);
  }
  return names;
}

/**
 * Refuses, naming them, query parameters a route does not read, as the validation pipe refuses
 * unknown fields of a query class: a misspelt filter (`?stor=…`) is told, never silently ignored.
 */
@Injectable()
export class UnknownQueryParametersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const query = (context.switchToHttp().getRequest<{ query?: unknown }>().query ?? {}) as
        Record<string, unknown> | undefined;
      const read = queryReadBy(context);
      if (read !== 'all') {
        const unknown = Object.keys(query ?? {}).filter((name) => !read.has(name));
        if (unknown.length > 0) {
          throw new RequestValidationException(
            unknown.map((field) => ({
              field,
              detail: `${field} is not a parameter of this route`,
              location: 'query' as const,
            })),
          );
        }
      }
    }
    return next.handle();
  }
}
