import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';

export class ListStoresRequest {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,512}$/, { message: 'cursor must be a cursor this list returned' })
  cursor?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the stores of this program.' })
  @IsOptional()
  @IsUUID()
  programId?: string;
}

export class StoreIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class CreateStoreRequest {
  @ApiProperty({ example: 'RTM-MARKT' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{0,31}$/, {
    message: 'code must be 1 to 32 capital letters, digits or dashes',
  })
  code!: string;

  @ApiProperty({ example: 'Rotterdam Markthal' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'Europe/Amsterdam' })
  @IsTimeZone()
  timezone!: string;
}
