import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ColumnsOf } from '../../schema/rows';

export interface WebhookEndpoint {
  readonly id: string;
  readonly programId: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly createdAt: Date;
  readonly disabledAt: Date | null;
}

export interface WebhookDeliveryAttempt {
  readonly endpointId: string;
  readonly outboxId: string;
  readonly eventType: string;
  readonly attempt: number;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly succeeded: boolean;
}

const COLUMNS = `id, program_id AS "programId", url, event_types AS "eventTypes",
                 created_at AS "createdAt", disabled_at AS "disabledAt"`;

/** Programs' webhook endpoints and the log of every delivery attempt. */
@Injectable()
export class WebhookRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(endpoint: {
    id: string;
    programId: string;
    url: string;
    secret: string;
    eventTypes: readonly string[];
  }): Promise<WebhookEndpoint> {
    const [row] = await this.dataSource.query<WebhookEndpoint[]>(
      `INSERT INTO webhook_endpoints (id, program_id, url, secret, event_types)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [endpoint.id, endpoint.programId, endpoint.url, endpoint.secret, endpoint.eventTypes],
    );
    return row!;
  }

  list(programId: string): Promise<WebhookEndpoint[]> {
    return this.dataSource.query<WebhookEndpoint[]>(
      `SELECT ${COLUMNS} FROM webhook_endpoints WHERE program_id = $1 ORDER BY created_at`,
      [programId],
    );
  }

  async disable(programId: string, id: string): Promise<boolean> {
    const [rows] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE webhook_endpoints SET disabled_at = now()
        WHERE id = $1 AND program_id = $2 AND disabled_at IS NULL RETURNING id`,
      [id, programId],
    );
    return rows.length > 0;
  }

  /** The live endpoints of a program that want this event type. */
  subscribers(programId: string, eventType: string): Promise<{ id: string }[]> {
    return this.dataSource.query<ColumnsOf<'webhook_endpoints', 'id'>[]>(
      `SELECT id FROM webhook_endpoints
        WHERE program_id = $1 AND disabled_at IS NULL AND $2 = ANY(event_types)`,
      [programId, eventType],
    );
  }

  /**
   * Deliveries that should have happened and did not succeed: events consumed more than
   * `olderThanSeconds` ago (within a week) of the type an endpoint wanted, the endpoint live
   * and older than the event, and no successful attempt logged. Their jobs may still be retrying
   * or dead; the caller looks in Redis.
   */
  undelivered(
    olderThanSeconds: number,
    limit: number,
  ): Promise<{ endpointId: string; outboxId: string }[]> {
    return this.dataSource.query<{ endpointId: string; outboxId: string }[]>(
      `SELECT w.id AS "endpointId", e.id::text AS "outboxId"
         FROM outbox_events e
         JOIN webhook_endpoints w
           ON w.program_id = e.program_id AND w.disabled_at IS NULL
          AND e.type = ANY(w.event_types) AND w.created_at <= e.created_at
        WHERE e.consumed_at IS NOT NULL
          AND e.consumed_at < clock_timestamp() - make_interval(secs => $1)
          AND e.consumed_at > clock_timestamp() - interval '7 days'
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                           WHERE d.endpoint_id = w.id AND d.outbox_id = e.id::text AND d.succeeded)
        ORDER BY e.id
        LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }

  /** Whether an attempt to deliver this event to this endpoint succeeded. */
  async delivered(endpointId: string, outboxId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM webhook_deliveries
        WHERE outbox_id = $1 AND endpoint_id = $2 AND succeeded LIMIT 1`,
      [outboxId, endpointId],
    );
    return rows.length > 0;
  }

  async endpointWithSecret(id: string): Promise<(WebhookEndpoint & { secret: string }) | null> {
    const [row] = await this.dataSource.query<
      (WebhookEndpoint & ColumnsOf<'webhook_endpoints', 'secret'>)[]
    >(`SELECT ${COLUMNS}, secret FROM webhook_endpoints WHERE id = $1`, [id]);
    return row ?? null;
  }

  async logAttempt(attempt: WebhookDeliveryAttempt): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO webhook_deliveries (endpoint_id, outbox_id, event_type, attempt, status_code,
           error, succeeded)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        attempt.endpointId,
        attempt.outboxId,
        attempt.eventType,
        attempt.attempt,
        attempt.statusCode,
        attempt.error,
        attempt.succeeded,
      ],
    );
  }

  deliveries(endpointId: string): Promise<(WebhookDeliveryAttempt & { attemptedAt: Date })[]> {
    return this.dataSource.query(
      `SELECT endpoint_id AS "endpointId", outbox_id::text AS "outboxId", event_type AS "eventType",
              attempt, status_code AS "statusCode", error, succeeded, attempted_at AS "attemptedAt"
         FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY id`,
      [endpointId],
    );
  }
}
