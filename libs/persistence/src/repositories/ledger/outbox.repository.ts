import type { LedgerEventType } from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface UnconsumedEvent {
  readonly outboxId: string;
  readonly publishCount: number;
}

export interface OutboxEvent {
  readonly outboxId: string;
  /** How many times the row was handed back to the relay: part of its job id. */
  readonly publishCount?: number;
  /** Set once the worker consumed it. */
  readonly consumedAt?: string | null;
  readonly programId: string;
  readonly memberId: string | null;
  readonly type: LedgerEventType;
  readonly data: Record<string, unknown>;
  readonly occurredAt: string;
}

/** One relay at a time across every replica: the key of its transaction-scoped advisory lock. */
const RELAY_LOCK = 'loyalty:outbox-relay';

const EVENT_COLUMNS = `id::text AS "outboxId", program_id AS "programId", member_id AS "memberId",
                type, payload AS data, to_char(created_at AT TIME ZONE 'UTC',
                  'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
                publish_count AS "publishCount", consumed_at AS "consumedAt"`;

@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Marks an event consumed by the worker; a second mark changes nothing. */
  async markConsumed(outboxId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox_events SET consumed_at = clock_timestamp()
        WHERE id = $1::bigint AND consumed_at IS NULL`,
      [outboxId],
    );
  }

  /**
   * Events published more than `olderThanSeconds` ago and not consumed since: their jobs were
   * lost, or still wait behind a backlog. The caller tells the two apart in Redis.
   */
  unconsumed(olderThanSeconds: number, limit: number): Promise<UnconsumedEvent[]> {
    return this.dataSource.query<UnconsumedEvent[]>(
      `SELECT id::text AS "outboxId", publish_count AS "publishCount"
         FROM outbox_events
        WHERE consumed_at IS NULL AND published_at IS NOT NULL
          AND published_at < clock_timestamp() - make_interval(secs => $1)
        ORDER BY published_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }

  /** Hands events back to the relay, which publishes them again under a new job id. */
  async republish(outboxIds: readonly string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE outbox_events SET published_at = NULL, publish_count = publish_count + 1
        WHERE id = ANY($1::bigint[]) AND consumed_at IS NULL`,
      [outboxIds],
    );
  }

  /**
   * For an operator: every event of a time range (of one program, or all) is consumed again.
   * Consumers are idempotent: a score is recomputed, a webhook already delivered is not sent twice.
   */
  async replaySince(since: Date, programId: string | null): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE outbox_events
          SET published_at = NULL, consumed_at = NULL, publish_count = publish_count + 1
        WHERE created_at >= $1 AND ($2::uuid IS NULL OR program_id = $2)`,
      [since, programId],
    );
    return count;
  }

  /** Events published and not consumed: the backlog between the relay and the worker. */
  async unconsumedCount(): Promise<number> {
    const [row] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM outbox_events WHERE consumed_at IS NULL`,
    );
    return Number(row?.count ?? 0);
  }

  /** The event the ledger wrote under this id, as written; null for an id it never wrote. */
  async find(outboxId: string): Promise<OutboxEvent | null> {
    if (!/^[1-9]\d{0,18}$/.test(outboxId)) return null;
    const [event] = await this.dataSource.query<OutboxEvent[]>(
      `SELECT ${EVENT_COLUMNS} FROM outbox_events WHERE id = $1::bigint`,
      [outboxId],
    );
    return event ?? null;
  }

  /**
   * Hands the oldest unpublished events to `publish` and marks them published once it returns,
   * in one transaction: a crash in between publishes them again (at least once). Null when
   * another relay holds the lock.
   */
  async relayNext(
    limit: number,
    publish: (events: readonly OutboxEvent[]) => Promise<void>,
  ): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const [lock] = await manager.query<{ locked: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`,
        [RELAY_LOCK],
      );
      if (!lock?.locked) return null;
      const events = await manager.query<OutboxEvent[]>(
        `SELECT ${EVENT_COLUMNS}
           FROM outbox_events WHERE published_at IS NULL
          ORDER BY id LIMIT $1`,
        [limit],
      );
      if (events.length === 0) return 0;
      await publish(events);
      await manager.query(
        `UPDATE outbox_events SET published_at = clock_timestamp() WHERE id = ANY($1::bigint[])`,
        [events.map((event) => event.outboxId)],
      );
      return events.length;
    });
  }
}
