import { DomainError, DomainErrorCode } from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Database } from '../database';
import type { ColumnsOf } from '../schema/rows';

/** Who sent a write and under which key; the same key from another caller is another key. */
export interface IdempotencyClaim {
  readonly programId: string;
  readonly caller: string;
  readonly key: string;
  /** SHA-256 of the operation and its canonical request. */
  readonly requestHash: string;
}

export interface StoredResponse<T> {
  readonly status: number;
  readonly body: T;
}

/** An answer given once per key: the first time, or replayed as it was stored. */
export interface IdempotentAnswer<T> {
  readonly body: T;
  /** True when this is the stored answer to an earlier request with the same key. */
  readonly replayed: boolean;
}

export interface IdempotentOutcome<T> extends StoredResponse<T>, IdempotentAnswer<T> {}

/** A key's row as stored: the request it was claimed for and, once committed, its answer. */
export interface StoredAnswer {
  readonly requestHash: string;
  readonly status: number | null;
  readonly body: unknown;
}

/** Deeper than any request the API takes; a hostile body must not exhaust the stack. */
const MAX_REQUEST_DEPTH = 32;

/** JSON with object keys sorted, so equal requests hash equal whatever order their fields came in. */
function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_REQUEST_DEPTH) {
    throw new DomainError(
      DomainErrorCode.ValidationFailed,
      `the request nests deeper than ${MAX_REQUEST_DEPTH} levels`,
      'body',
    );
  }
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item, depth + 1)).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field, depth + 1)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The fingerprint an Idempotency-Key is bound to: the operation and its request. */
export const requestFingerprint = (operation: string, request: unknown): string =>
  createHash('sha256').update(operation).update('\n').update(canonicalJson(request)).digest('hex');

/**
 * The stored answer to a key claimed before, replayed; refused when the key came with another
 * request. The first request's row is only visible once it committed with its answer.
 */
export function replayOf<T>(
  claim: IdempotencyClaim,
  stored: StoredAnswer | null,
): IdempotentOutcome<T> {
  const { body } = replayedAnswer<T>(claim, stored);
  if (stored?.status == null) throw new Error('idempotency key without a status');
  return { status: stored.status, body, replayed: true };
}

/**
 * The stored answer to a key claimed before, without a status: the ledger's writes store their
 * body alone, and the app tells it as it told it the first time.
 */
export function replayedAnswer<T>(
  claim: IdempotencyClaim,
  stored: StoredAnswer | null,
): IdempotentAnswer<T> {
  if (!stored || stored.requestHash !== claim.requestHash) {
    throw new DomainError(
      DomainErrorCode.IdempotencyKeyReused,
      'this Idempotency-Key was already used for a different request',
      'Idempotency-Key',
    );
  }
  if (stored.status === null && stored.body === null) {
    throw new Error('idempotency key without an answer');
  }
  return { body: stored.body as T, replayed: true };
}

/**
 * Claims the key inside the caller's transaction: true when this request claimed it. A
 * concurrent request with the same key waits here until the first one commits or rolls back.
 */
async function claimIdempotencyKey(
  manager: EntityManager,
  claim: IdempotencyClaim,
): Promise<boolean> {
  const claimed = await manager.query<unknown[]>(
    `INSERT INTO idempotency_keys (program_id, caller, key, request_hash)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING
     RETURNING key`,
    [claim.programId, claim.caller, claim.key, claim.requestHash],
  );
  return claimed.length > 0;
}

/** Stores the answer with the key, in the transaction that claimed it and made the effect. */
async function storeIdempotentAnswer(
  manager: EntityManager,
  claim: IdempotencyClaim,
  response: StoredResponse<unknown>,
): Promise<void> {
  await manager.query(
    `UPDATE idempotency_keys SET response_status = $4, response_body = $5
      WHERE program_id = $1 AND caller = $2 AND key = $3`,
    [claim.programId, claim.caller, claim.key, response.status, JSON.stringify(response.body)],
  );
}

/** The answer stored for a key claimed before, or the refusal of a key reused for another request. */
async function replayStoredAnswer<T>(
  manager: EntityManager,
  claim: IdempotencyClaim,
): Promise<IdempotentOutcome<T>> {
  const [stored] = await manager.query<
    ColumnsOf<'idempotency_keys', 'request_hash' | 'response_status' | 'response_body'>[]
  >(
    `SELECT request_hash, response_status, response_body FROM idempotency_keys
      WHERE program_id = $1 AND caller = $2 AND key = $3`,
    [claim.programId, claim.caller, claim.key],
  );
  return replayOf<T>(
    claim,
    stored
      ? {
          requestHash: stored.request_hash,
          status: stored.response_status,
          body: stored.response_body,
        }
      : null,
  );
}

/**
 * Any write made exactly once per Idempotency-Key: the claim, everything `work` writes through
 * the Database and the stored answer commit together or not at all. A replay gets the stored
 * answer and runs nothing; a refused write (any error) rolls back with its key, so a corrected
 * retry under the same key is not blocked.
 */
@Injectable()
export class IdempotentRequests {
  constructor(private readonly database: Database) {}

  run<T>(
    claim: IdempotencyClaim,
    work: (manager: EntityManager) => Promise<StoredResponse<T>>,
  ): Promise<IdempotentOutcome<T>> {
    return this.database.transaction(async (manager) => {
      if (!(await claimIdempotencyKey(manager, claim)))
        return replayStoredAnswer<T>(manager, claim);
      const response = await work(manager);
      await storeIdempotentAnswer(manager, claim, response);
      return { ...response, replayed: false };
    });
  }
}
