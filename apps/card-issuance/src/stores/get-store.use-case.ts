import { DomainError, DomainErrorCode, type Store } from '@loyalty/domain';
import { StoreRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

@Injectable()
export class GetStoreUseCase {
  constructor(private readonly stores: StoreRepository) {}

  async execute(id: string): Promise<Store> {
    const store = await this.stores.findById(id);
    if (!store) throw new DomainError(DomainErrorCode.StoreNotFound, `no store has id ${id}`);
    return store;
  }
}
