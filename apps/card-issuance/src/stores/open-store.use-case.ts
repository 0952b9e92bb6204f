import type { Store } from '@loyalty/domain';
import { StoreRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

/** An admin opens a store in the program; a code the program already uses is refused (409). */
@Injectable()
export class OpenStoreUseCase {
  constructor(private readonly stores: StoreRepository) {}

  execute(store: Omit<Store, 'id' | 'createdAt'>): Promise<Store> {
    return this.stores.insert(store);
  }
}
