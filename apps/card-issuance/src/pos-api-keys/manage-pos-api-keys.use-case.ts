import { PosApiKeys } from '@loyalty/auth';
import { DomainError, DomainErrorCode, type StaffPrincipal } from '@loyalty/domain';
import { PosApiKeyRepository, type StoredPosApiKey, StoreRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { CreatePosApiKeyRequest } from './pos-api-keys.requests';

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
