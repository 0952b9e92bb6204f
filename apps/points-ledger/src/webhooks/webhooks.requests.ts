import { LEDGER_EVENT_TYPES } from '@loyalty/domain';
import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsUrl,
  IsUUID,
  MaxLength,
} from 'class-validator';

/** The events a program may receive on its endpoints: every event of the ledger and the worker. */
export const WEBHOOK_EVENT_TYPES = LEDGER_EVENT_TYPES;

export class WebhookRequest {
  @ApiProperty({ example: 'https://crm.example.com/loyalty-events' })
  @IsUrl({ protocols: ['https', 'http'], require_tld: false, require_protocol: true })
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true })
  eventTypes!: string[];
}

export class WebhookIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  webhookId!: string;
}
