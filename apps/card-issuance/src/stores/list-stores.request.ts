import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

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
  @IsUUID()
  id!: string;
}
