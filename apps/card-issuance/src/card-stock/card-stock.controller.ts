import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { IdempotentWrite } from '../common/idempotent-write';
import { CreateCardBatchRequest, CardBatchIdParams } from './card-stock.requests';
import {
  CardBatchListResponse,
  CardBatchNumbersResponse,
  CardBatchResponse,
} from './card-stock.responses';
import { ManageCardStockUseCase } from './manage-card-stock.use-case';

/** Pre-printed card stock: numbers generated for the printer, or imported from it. */
@ApiTags('card stock')
@Controller({ path: 'card-batches', version: '1' })
export class CardStockController {
  constructor(private readonly stock: ManageCardStockUseCase) {}

  @Post()
  @StaffAccess(StaffPermission.ManageCardStock)
  @IdempotentWrite('add-card-stock')
  @ApiOperation({ summary: 'Add a batch of physical cards to stock' })
  @ApiCreatedResponse({ type: CardBatchResponse })
  @ApiConflictResponse({ type: ProblemDetails, description: 'A number is already in use.' })
  createBatch(
    @CurrentStaff() admin: StaffPrincipal,
    @Body() body: CreateCardBatchRequest,
  ): Promise<CardBatchResponse> {
    return this.stock.createBatch(admin, body);
  }

  @Get()
  @StaffAccess(StaffPermission.ManageCardStock)
  @ApiOperation({ summary: 'The program’s stock batches, with the cards still in stock' })
  @ApiOkResponse({ type: CardBatchListResponse })
  batches(@CurrentStaff() admin: StaffPrincipal): Promise<CardBatchListResponse> {
    return this.stock.batches(admin.programId);
  }

  @Get(':batchId/cards')
  @StaffAccess(StaffPermission.ManageCardStock)
  @ApiOperation({ summary: 'The numbers of a batch, for the printer' })
  @ApiOkResponse({ type: CardBatchNumbersResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  numbers(
    @CurrentStaff() admin: StaffPrincipal,
    @Param() params: CardBatchIdParams,
  ): Promise<CardBatchNumbersResponse> {
    return this.stock.numbers(admin.programId, params.batchId);
  }
}
