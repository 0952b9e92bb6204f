import { IsCardNumber, IsId } from '@loyalty/platform';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_AMOUNT_MINOR } from '../common/amounts';

export class BasketLineRequest {
  @ApiProperty({ example: 'SKU-12345' })
  @IsString()
  @Length(1, 64)
  sku!: string;

  @ApiProperty({ example: 'coffee' })
  @IsString()
  @Length(1, 64)
  category!: string;

  @ApiProperty({ description: 'The line total in minor units.', example: 450 })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_MINOR)
  amountMinor!: number;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  @Max(100_000)
  quantity!: number;
}

export class PurchaseRequest {
  @ApiPropertyOptional({ description: 'The card presented; or send memberId.' })
  @IsOptional()
  @IsCardNumber()
  cardNumber?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The member; or send cardNumber.' })
  @IsOptional()
  @IsId()
  memberId?: string;

  @ApiProperty({ description: 'Unique per store: a receipt earns once.', example: 'R-2026-000123' })
  @IsString()
  @Length(1, 64)
  receiptId!: string;

  @ApiProperty({ description: 'Integer minor units (cents), greater than zero.', example: 2599 })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_MINOR)
  amountMinor!: number;

  @ApiProperty({ description: 'ISO 4217; must be the program currency.', example: 'EUR' })
  @IsISO4217CurrencyCode()
  currency!: string;

  @ApiProperty({ format: 'date-time', description: 'When the sale happened at the till.' })
  @IsISO8601({ strict: true, strictSeparator: true })
  occurredAt!: string;

  @ApiPropertyOptional({
    type: [BasketLineRequest],
    description: 'Optional basket lines; when sent, their amounts add up to amountMinor.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => BasketLineRequest)
  lines?: BasketLineRequest[];
}

export class BatchPurchaseItemRequest extends PurchaseRequest {
  @ApiProperty({ description: 'This purchase’s own Idempotency-Key.' })
  @IsString()
  @Length(8, 200)
  idempotencyKey!: string;

  @ApiProperty({ description: 'The terminal’s sequence number: items apply in this order.' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  sequenceNumber!: number;
}

export class PurchaseBatchRequest {
  @ApiProperty({
    type: [BatchPurchaseItemRequest],
    description: 'Up to 500 purchases recorded offline; each is validated and applied alone.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsObject({ each: true })
  items!: Record<string, unknown>[];
}

export class RefundRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'The purchase; or send receiptId.' })
  @IsOptional()
  @IsId()
  purchaseId?: string;

  @ApiPropertyOptional({
    description: 'The receipt, as printed by the store that sold it; or send purchaseId.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  receiptId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'With receiptId: the store that issued the receipt (receipt ids are unique per store). ' +
      "Default: this terminal's store. Any store of the program may refund any of its purchases.",
  })
  @IsOptional()
  @IsId()
  receiptStoreId?: string;

  @ApiProperty({ description: 'The money refunded, in minor units.', example: 1000 })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_MINOR)
  amountMinor!: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'When it was refunded; default now.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  occurredAt?: string;
}

/** A basket before payment: the purchase as it would be recorded, without its receipt yet. */
export class PurchasePreviewRequest extends OmitType(PurchaseRequest, ['receiptId'] as const) {}

export class PurchaseIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsId()
  purchaseId!: string;
}

export class PurchaseByReceiptQuery {
  @ApiProperty({ description: 'The receipt the purchase was recorded under.' })
  @IsString()
  @Length(1, 64)
  receiptId!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The receipt’s store; the till’s own if left out.',
  })
  @IsOptional()
  @IsId()
  storeId?: string;
}
