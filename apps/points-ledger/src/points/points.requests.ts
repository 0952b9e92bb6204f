import { JournalTransactionKind } from '@loyalty/domain';
import { IsCardNumber, IsId } from '@loyalty/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsISO8601, IsOptional } from 'class-validator';
import { PageQuery } from '../common/page.query';

export class MemberIdParams {
  @IsId()
  memberId!: string;
}

export class TransactionIdParams {
  @IsId()
  transactionId!: string;
}

export class CardNumberParams {
  @IsCardNumber()
  number!: string;
}

const commaSeparated = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.split(',').filter((part) => part.length > 0) : value;

export class HistoryQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'Only these kinds, comma-separated.',
    enum: JournalTransactionKind,
    isArray: true,
  })
  @IsOptional()
  @Transform(commaSeparated)
  @IsEnum(JournalTransactionKind, { each: true })
  kind?: JournalTransactionKind[];

  @ApiPropertyOptional({ format: 'date-time', description: 'From this instant, inclusive.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Before this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class HistoryItemResponse {
  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  @ApiProperty({ enum: JournalTransactionKind })
  kind!: JournalTransactionKind;

  @ApiProperty({ description: 'How the member’s balance moved.' })
  points!: number;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  storeId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  purchaseId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  reversesTransactionId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  reversedByTransactionId!: string | null;
}

export class HistoryResponse {
  @ApiProperty({ type: [HistoryItemResponse] })
  items!: HistoryItemResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class JournalEntryResponse {
  @ApiProperty({ format: 'uuid' })
  accountId!: string;

  @ApiProperty({ example: 'member' })
  accountKind!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  memberId!: string | null;

  @ApiProperty()
  points!: number;
}

export class TransactionResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: JournalTransactionKind })
  kind!: JournalTransactionKind;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  memberId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  reversesTransactionId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  reversedByTransactionId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  purchaseId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  storeId!: string | null;

  @ApiProperty({ example: { kind: 'staff', id: '3f0e…' } })
  actor!: { kind: string; id: string | null };

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: Object })
  details!: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: [JournalEntryResponse] })
  entries!: JournalEntryResponse[];
}
