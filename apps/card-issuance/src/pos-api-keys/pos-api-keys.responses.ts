import { type StoredPosApiKey } from '@loyalty/persistence';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PosApiKeyResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  storeId!: string;

  @ApiProperty({ example: 'TILL-03' })
  terminalCode!: string;

  @ApiProperty({ type: String, nullable: true })
  label!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;

  static from(key: StoredPosApiKey): PosApiKeyResponse {
    return {
      id: key.id,
      storeId: key.storeId,
      terminalCode: key.terminalCode,
      label: key.label,
      createdAt: key.createdAt.toISOString(),
      revokedAt: key.revokedAt?.toISOString() ?? null,
    };
  }
}

export class CreatedPosApiKeyResponse extends PosApiKeyResponse {
  @ApiPropertyOptional({
    description:
      'Shown this once and never again: configure the till with it now. Absent from a replayed ' +
      'answer (Idempotent-Replayed: true), as no secret is stored: revoke that key and create another.',
    example: 'pos_0c6f…_Yx3…',
  })
  apiKey?: string;
}

export class PosApiKeyListResponse {
  @ApiProperty({ type: [PosApiKeyResponse] })
  items!: PosApiKeyResponse[];
}
