import type { Page, PageRequest, Store } from '@loyalty/domain';
import { StoreRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';

@Injectable()
export class ListStoresUseCase {
  constructor(private readonly stores: StoreRepository) {}

  execute(request: PageRequest & { programId?: string | undefined }): Promise<Page<Store>> {
    return this.stores.listPage(request);
  }
}
