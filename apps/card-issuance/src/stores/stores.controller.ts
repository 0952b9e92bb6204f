import { ProblemDetails } from '@loyalty/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { GetStoreUseCase } from './get-store.use-case';
import { ListStoresRequest, StoreIdParams } from './list-stores.request';
import { ListStoresUseCase } from './list-stores.use-case';
import { StorePageResponse, StoreResponse } from './store.response';

/** The store directory: public data (names, codes, time zones) for the app and the tills. */
@ApiTags('stores')
@Controller({ path: 'stores', version: '1' })
export class StoresController {
  constructor(
    private readonly listStores: ListStoresUseCase,
    private readonly getStore: GetStoreUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List stores, ordered by code, one page at a time' })
  @ApiOkResponse({ type: StorePageResponse })
  @ApiBadRequestResponse({
    type: ProblemDetails,
    description: 'An invalid or unknown query field.',
  })
  async list(@Query() query: ListStoresRequest): Promise<StorePageResponse> {
    return StorePageResponse.from(await this.listStores.execute(query));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One store by id' })
  @ApiOkResponse({ type: StoreResponse })
  @ApiBadRequestResponse({ type: ProblemDetails, description: 'The id is not a UUID.' })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async get(@Param() params: StoreIdParams): Promise<StoreResponse> {
    return StoreResponse.from(await this.getStore.execute(params.id));
  }
}
