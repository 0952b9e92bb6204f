import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';

const MAX_BATCH = 10_000;

export class CreateCardBatchRequest {
  @ApiProperty({ example: 'Spring 2026 print run, Amsterdam' })
  @IsString()
  @Length(1, 200)
  label!: string;

  @ApiPropertyOptional({
    maximum: MAX_BATCH,
    description: 'Generate this many numbers for the printer (or give `numbers`).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_BATCH)
  quantity?: number;

  @ApiPropertyOptional({
    type: [String],
    description:
      'Import numbers a printer produced: each with the program prefix and a check digit.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  @ArrayUnique()
  @IsString({ each: true })
  numbers?: string[];
}

export class CardBatchIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  batchId!: string;
}
