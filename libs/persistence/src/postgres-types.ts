import { types, type CustomTypesConfig } from 'pg';
import type { TypeId } from 'pg-types';
import { toSafeInteger } from './safe-integer';

const INT8_OID = 20;
// int8[] has no name in pg-types' builtins.
const INT8_ARRAY_OID = 1016 as TypeId;

const parseInt8Array = (text: string): number[] | null => {
  const parseArray = types.getTypeParser(INT8_ARRAY_OID) as (value: string) => (string | null)[];
  return parseArray(text).map((item) => (item === null ? (null as never) : toSafeInteger(item)));
};

/**
 * Type parsers for one connection pool (not pg's process-wide defaults): int8 and int8[] become
 * checked numbers, so COUNT(*), SUM(points) and bigint columns never arrive as strings. A value
 * past the safe range fails its query with a RangeError; pg turns a parser error into a query error.
 */
export const postgresTypes: CustomTypesConfig = {
  getTypeParser: ((oid: TypeId, format?: 'text' | 'binary') => {
    if (oid === INT8_OID && format !== 'binary') return (text: string) => toSafeInteger(text);
    if (oid === INT8_ARRAY_OID && format !== 'binary') return parseInt8Array;
    return types.getTypeParser(oid, format);
  }) as CustomTypesConfig['getTypeParser'],
};
