import { types, type CustomTypesConfig } from 'pg';
import type { TypeId } from 'pg-types';
import { toSafeInteger } from './safe-integer';

const INT8 = types.builtins.INT8;
// int8[] has no name in pg-types' builtins.
const INT8_ARRAY = 1016 as TypeId;

type TextParser = (text: string) => unknown;
const defaultParser = (oid: TypeId, format?: 'text' | 'binary'): TextParser =>
  types.getTypeParser(oid, format ?? 'text') as TextParser;

const parseInt8Array = (text: string): (number | null)[] =>
  (defaultParser(INT8_ARRAY)(text) as (string | null)[]).map((item) =>
    item === null ? null : toSafeInteger(item),
  );

/**
 * Type parsers for one connection pool (not pg's process-wide defaults): int8 and int8[] become
 * checked numbers, so COUNT(*), SUM(points) and bigint columns never arrive as strings. A value
 * past the safe range fails its query with a RangeError; pg turns a parser error into a query error.
 */
export const postgresTypes: CustomTypesConfig = {
  getTypeParser: ((oid: TypeId, format?: 'text' | 'binary') => {
    if (format !== 'binary' && oid === INT8) return (text: string) => toSafeInteger(text);
    if (format !== 'binary' && oid === INT8_ARRAY) return parseInt8Array;
    return defaultParser(oid, format);
  }) as CustomTypesConfig['getTypeParser'],
};
