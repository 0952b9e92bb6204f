import { JournalTransactionKind } from '@loyalty/domain';
import { IsCardNumber, IsId, PageQuery } from '@loyalty/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsISO8601, IsOptional } from 'class-validator';

export class MemberIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsId()
  memberId!: string;
}

export class TransactionIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsId()
  transactionId!: string;
}

export class CardNumberParams {
  @ApiProperty({ description: 'The card number: 19 digits.', example: '6281234500000000018' })
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
