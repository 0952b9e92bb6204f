import { Module } from '@nestjs/common';
import { GetStoreUseCase } from './get-store.use-case';
import { ListStoresUseCase } from './list-stores.use-case';
import { OpenStoreUseCase } from './open-store.use-case';
import { StoresController } from './stores.controller';

@Module({
  controllers: [StoresController],
  providers: [ListStoresUseCase, GetStoreUseCase, OpenStoreUseCase],
})
export class StoresModule {}
