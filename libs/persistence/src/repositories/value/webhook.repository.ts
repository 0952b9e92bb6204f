import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

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
    return this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM webhook_endpoints
        WHERE program_id = $1 AND disabled_at IS NULL AND $2 = ANY(event_types)`,
      [programId, eventType],
    );
  }

  async endpointWithSecret(id: string): Promise<(WebhookEndpoint & { secret: string }) | null> {
    const [row] = await this.dataSource.query<(WebhookEndpoint & { secret: string })[]>(
      `SELECT ${COLUMNS}, secret FROM webhook_endpoints WHERE id = $1`,
      [id],
    );
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
