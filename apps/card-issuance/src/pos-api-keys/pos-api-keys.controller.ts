import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { IdempotentWrite } from '../common/idempotent-write';
import { CreatePosApiKeyRequest, PosApiKeyIdParams } from './pos-api-keys.requests';
import {
  PosApiKeyResponse,
  CreatedPosApiKeyResponse,
  PosApiKeyListResponse,
} from './pos-api-keys.responses';
import { ManagePosApiKeysUseCase } from './manage-pos-api-keys.use-case';

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
