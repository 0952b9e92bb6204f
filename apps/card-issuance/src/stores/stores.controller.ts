import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ProblemDetails, PublicRoute } from '@loyalty/platform';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { GetStoreUseCase } from './get-store.use-case';
import { CreateStoreRequest, ListStoresRequest, StoreIdParams } from './stores.requests';
import { ListStoresUseCase } from './list-stores.use-case';
import { OpenStoreUseCase } from './open-store.use-case';
import { StorePageResponse, StoreResponse } from './stores.responses';
import { IdempotentWrite } from '../common/idempotent-write';

/** The store directory: public data (names, codes, time zones) for the app and the tills. */
@ApiTags('stores')
@Controller({ path: 'stores', version: '1' })
export class StoresController {
  constructor(
    private readonly listStores: ListStoresUseCase,
    private readonly getStore: GetStoreUseCase,
    private readonly openStore: OpenStoreUseCase,
  ) {}

  @Post()
  @StaffAccess(StaffPermission.ManageStores)
  @IdempotentWrite('open-store')
  @ApiOperation({ summary: 'Open a store in the program' })
  @ApiCreatedResponse({ type: StoreResponse })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The code is taken.' })
  async create(
    @CurrentStaff() admin: StaffPrincipal,
    @Body() body: CreateStoreRequest,
  ): Promise<StoreResponse> {
    return StoreResponse.from(
      await this.openStore.execute({
        programId: admin.programId,
        code: body.code,
        name: body.name,
        timezone: body.timezone,
      }),
    );
  }

  @Get()
  @PublicRoute()
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
  @PublicRoute()
  @ApiOperation({ summary: 'One store by id' })
  @ApiOkResponse({ type: StoreResponse })
  @ApiBadRequestResponse({ type: ProblemDetails, description: 'The id is not a UUID.' })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async get(@Param() params: StoreIdParams): Promise<StoreResponse> {
    return StoreResponse.from(await this.getStore.execute(params.id));
  }
}
