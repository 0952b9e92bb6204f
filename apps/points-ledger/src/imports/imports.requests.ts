import { IMPORT_REQUEST_ROWS } from '@loyalty/ledger';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject } from 'class-validator';

export class ImportKindParams {
  @ApiProperty({ enum: ['members', 'balances', 'purchases'] })
  @IsIn(['members', 'balances', 'purchases'])
  kind!: 'members' | 'balances' | 'purchases';
}

export class ImportRowsRequest {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    maxItems: IMPORT_REQUEST_ROWS,
    description:
      'The rows, each with the columns of its kind (docs/imports.md): members — externalId, ' +
      'name, email, phone, storeCode, enrolledAt, acquisitionChannel, marketingConsent; ' +
      'balances — externalId, reference, points, expiresAt, availableFrom; purchases — ' +
      'externalId, storeCode, receiptId, amountMinor, currency, occurredAt.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(IMPORT_REQUEST_ROWS)
  @IsObject({ each: true })
  rows!: Record<string, unknown>[];
}
