import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface OutboxEvent {
  readonly outboxId: string;
  readonly programId: string;
  readonly memberId: string | null;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly occurredAt: string;
}

/** One relay at a time across every replica: the key of its transaction-scoped advisory lock. */
const RELAY_LOCK = 'loyalty:outbox-relay';

const EVENT_COLUMNS = `id::text AS "outboxId", program_id AS "programId", member_id AS "memberId",
                type, payload AS data, to_char(created_at AT TIME ZONE 'UTC',
                  'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt"`;

@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
