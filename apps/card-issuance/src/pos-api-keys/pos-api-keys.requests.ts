import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';

export class CreatePosApiKeyRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  storeId!: string;

  @ApiProperty({ example: 'TILL-03', description: 'The terminal’s own identifier.' })
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, {
    message: 'terminalCode must be 1 to 64 letters, digits, dots, dashes or underscores',
  })
  terminalCode!: string;

  @ApiPropertyOptional({ example: 'Front till, ground floor' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  label?: string;
}

export class PosApiKeyIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  keyId!: string;
}
