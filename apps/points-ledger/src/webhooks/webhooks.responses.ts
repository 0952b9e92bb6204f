import { ApiProperty } from '@nestjs/swagger';

export class CreatedWebhookResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  url!: string;

  @ApiProperty({ type: [String] })
  eventTypes!: readonly string[];

  @ApiProperty({ description: 'Shown once: verify the loyalty-signature header with it.' })
  secret!: string;
}

export class WebhookEndpointResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  programId!: string;

  @ApiProperty()
  url!: string;

  @ApiProperty({ type: [String] })
  eventTypes!: readonly string[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  disabledAt!: string | null;
}

export class WebhookEndpointsResponse {
  @ApiProperty({ type: [WebhookEndpointResponse], description: 'Never with their secrets.' })
  items!: WebhookEndpointResponse[];
}

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid' })
  endpointId!: string;

  @ApiProperty({ description: 'The event’s id: receivers drop a second delivery of it.' })
  outboxId!: string;

  @ApiProperty()
  eventType!: string;

  @ApiProperty()
  attempt!: number;

  @ApiProperty({ type: Number, nullable: true })
  statusCode!: number | null;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;

  @ApiProperty()
  succeeded!: boolean;

  @ApiProperty({ format: 'date-time' })
  attemptedAt!: string;
}

export class WebhookDeliveriesResponse {
  @ApiProperty({ type: [WebhookDeliveryResponse], description: 'Every attempt, oldest first.' })
  items!: WebhookDeliveryResponse[];
}
