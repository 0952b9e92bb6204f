import { CurrentStaff, PosApiKeys, StaffAccess } from '@loyalty/auth';
import {
  DomainError,
  DomainErrorCode,
  StaffPermission,
  type StaffPrincipal,
} from '@loyalty/domain';
import { PosApiKeyRepository, type StoredPosApiKey, StoreRepository } from '@loyalty/persistence';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Delete, Get, Injectable, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { IdempotentWrite } from '../common/idempotent-write';

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
  @IsUUID()
  keyId!: string;
}

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

  @ApiProperty({ format: 'date-time', nullable: true })
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

const keyNotFound = (): DomainError =>
  new DomainError(DomainErrorCode.PosApiKeyNotFound, 'no POS API key of the program has this id');

@Injectable()
export class ManagePosApiKeysUseCase {
  constructor(
    private readonly posApiKeys: PosApiKeys,
    private readonly keys: PosApiKeyRepository,
    private readonly stores: StoreRepository,
  ) {}

  async create(
    admin: StaffPrincipal,
    request: CreatePosApiKeyRequest,
  ): Promise<{ key: StoredPosApiKey; apiKey: string }> {
    const store = await this.stores.findById(request.storeId);
    if (!store || store.programId !== admin.programId) {
      throw new DomainError(
        DomainErrorCode.StoreNotFound,
        `no store has id ${request.storeId}`,
        'storeId',
      );
    }
    return this.posApiKeys.create({
      programId: admin.programId,
      storeId: store.id,
      terminalCode: request.terminalCode,
      label: request.label ?? null,
      createdByStaffId: admin.staffId,
    });
  }

  list(programId: string): Promise<StoredPosApiKey[]> {
    return this.keys.listByProgram(programId);
  }

  async revoke(programId: string, keyId: string): Promise<StoredPosApiKey> {
    const key = await this.posApiKeys.revoke(programId, keyId);
    if (!key) throw keyNotFound();
    return key;
  }
}

@ApiTags('pos api keys')
@Controller({ path: 'pos-api-keys', version: '1' })
export class PosApiKeysController {
  constructor(private readonly manageKeys: ManagePosApiKeysUseCase) {}

  @Post()
  @StaffAccess(StaffPermission.ManagePosApiKeys)
  @IdempotentWrite('create-pos-api-key', { shownOnce: ['apiKey'] })
  @ApiOperation({ summary: 'Create a key for a till; the key is in this response only' })
  @ApiCreatedResponse({ type: CreatedPosApiKeyResponse })
  async create(
    @CurrentStaff() admin: StaffPrincipal,
    @Body() body: CreatePosApiKeyRequest,
  ): Promise<CreatedPosApiKeyResponse> {
    const { key, apiKey } = await this.manageKeys.create(admin, body);
    return { ...PosApiKeyResponse.from(key), apiKey };
  }

  @Get()
  @StaffAccess(StaffPermission.ManagePosApiKeys)
  @ApiOperation({ summary: 'The program’s keys, revoked ones included; never the secrets' })
  @ApiOkResponse({ type: PosApiKeyListResponse })
  async list(@CurrentStaff() admin: StaffPrincipal): Promise<PosApiKeyListResponse> {
    const keys = await this.manageKeys.list(admin.programId);
    return { items: keys.map((key) => PosApiKeyResponse.from(key)) };
  }

  @Delete(':keyId')
  @StaffAccess(StaffPermission.ManagePosApiKeys)
  @IdempotentWrite('revoke-pos-api-key')
  @ApiOperation({ summary: 'Revoke a key: the till is refused from the next request' })
  @ApiOkResponse({ type: PosApiKeyResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async revoke(
    @CurrentStaff() admin: StaffPrincipal,
    @Param() params: PosApiKeyIdParams,
  ): Promise<PosApiKeyResponse> {
    return PosApiKeyResponse.from(await this.manageKeys.revoke(admin.programId, params.keyId));
  }
}
