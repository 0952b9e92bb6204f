import { CurrentTerminal, PosTerminalAccess } from '@loyalty/auth';
import { DomainError, DomainErrorCode, type PosTerminalPrincipal } from '@loyalty/domain';
import {
  PreviewPurchaseUseCase,
  type PurchaseToPreview,
  type RecordedPurchase,
  type RecordedRefund,
  RecordPurchaseUseCase,
  RefundPurchaseUseCase,
} from '@loyalty/ledger';
import {
  checkIdempotencyKey,
  ProblemDetails,
  requestIdOf,
  RequestValidationPipe,
  toProblem,
} from '@loyalty/platform';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { answer, ApiIdempotencyKey, commandOf, IdempotencyKey } from '../common/idempotency';
import { exactlyOne, pastInstant } from '../common/request-rules';
import { type PurchaseView, ReadPurchaseUseCase } from './read-purchase.use-case';
import {
  BatchPurchaseItemRequest,
  PurchaseBatchRequest,
  PurchaseByReceiptQuery,
  PurchaseIdParams,
  PurchasePreviewRequest,
  PurchaseRequest,
  RefundRequest,
} from './purchases.requests';
import {
  PurchaseBatchResponse,
  type PurchaseBatchItemResult,
  PurchasePreviewResponse,
  PurchaseResponse,
  RecordedPurchaseResponse,
  RecordedRefundResponse,
} from './purchases.responses';

/** The basket a till sends, as the ledger takes it: the till's store, one member reference. */
function basketOf(terminal: PosTerminalPrincipal, body: PurchasePreviewRequest): PurchaseToPreview {
  const member = exactlyOne(body.cardNumber, body.memberId, ['cardNumber', 'memberId']);
  return {
    member: 'first' in member ? { cardNumber: member.first } : { memberId: member.second },
    storeId: terminal.storeId,
    amountMinor: body.amountMinor,
    currency: body.currency,
    occurredAt: pastInstant(body.occurredAt, 'occurredAt'),
    lines: body.lines ?? [],
  };
}

const purchaseResponse = (purchase: PurchaseView): PurchaseResponse => ({
  ...purchase,
  occurredAt: purchase.occurredAt.toISOString(),
  recordedAt: purchase.recordedAt.toISOString(),
  lines: [...purchase.lines],
  refunds: purchase.refunds.map((refund) => ({
    ...refund,
    occurredAt: refund.occurredAt.toISOString(),
  })),
});

@ApiTags('pos')
@Controller({ version: '1' })
export class PurchasesController {
  private readonly itemValidation = new RequestValidationPipe();

  constructor(
    private readonly recordPurchase: RecordPurchaseUseCase,
    private readonly previewPurchase: PreviewPurchaseUseCase,
    private readonly readPurchase: ReadPurchaseUseCase,
    private readonly refundPurchase: RefundPurchaseUseCase,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(PurchasesController.name);
  }

  @Post('purchases')
  @PosTerminalAccess()
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Record a purchase at the till; it earns points' })
  @ApiCreatedResponse({ type: RecordedPurchaseResponse })
  @ApiBadRequestResponse({ type: ProblemDetails })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'Unknown card or member.' })
  @ApiConflictResponse({
    type: ProblemDetails,
    description: 'The card is not active, or the receipt was already recorded.',
  })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetails,
    description: 'Not the program currency, or the key was used for another request.',
  })
  async record(
    @CurrentTerminal() terminal: PosTerminalPrincipal,
    @IdempotencyKey() key: string,
    @Body() body: PurchaseRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecordedPurchase> {
    return answer(reply, await this.recordOne(terminal, key, body));
  }

  @Post('purchases/preview')
  @HttpCode(200)
  @PosTerminalAccess()
  @ApiOperation({
    summary: 'What a basket would earn, before payment',
    description:
      'Answers exactly what POST /v1/purchases would credit now (the same checks, rules, tier ' +
      'multiplier and breakdown) and writes nothing. No Idempotency-Key: nothing is recorded.',
  })
  @ApiOkResponse({ type: PurchasePreviewResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such card or member.' })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetails,
    description: 'Not the program currency, too old, or above the largest purchase.',
  })
  async preview(
    @CurrentTerminal() terminal: PosTerminalPrincipal,
    @Body() body: PurchasePreviewRequest,
  ): Promise<PurchasePreviewResponse> {
    const preview = await this.previewPurchase.execute(
      terminal.programId,
      basketOf(terminal, body),
    );
    return { ...preview, breakdown: [...preview.breakdown] };
  }

  @Get('purchases/:purchaseId')
  @PosTerminalAccess()
  @ApiOperation({
    summary: 'A purchase of the program, before a return',
    description:
      'What it earned, its refunds so far, and what is left to refund in money and points.',
  })
  @ApiOkResponse({ type: PurchaseResponse })
  @ApiNotFoundResponse({
    type: ProblemDetails,
    description: 'No purchase of the program has this id.',
  })
  async byId(
    @CurrentTerminal() terminal: PosTerminalPrincipal,
    @Param() params: PurchaseIdParams,
  ): Promise<PurchaseResponse> {
    return purchaseResponse(
      await this.readPurchase.execute(terminal.programId, { id: params.purchaseId }),
    );
  }

  @Get('purchases')
  @PosTerminalAccess()
  @ApiOperation({
    summary: 'A purchase by its receipt, before a return',
    description:
      'The receipt of the till’s store unless storeId names another store of the program.',
  })
  @ApiOkResponse({ type: PurchaseResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No purchase has this receipt.' })
  async byReceipt(
    @CurrentTerminal() terminal: PosTerminalPrincipal,
    @Query() query: PurchaseByReceiptQuery,
  ): Promise<PurchaseResponse> {
    return purchaseResponse(
      await this.readPurchase.execute(terminal.programId, {
        storeId: query.storeId ?? terminal.storeId,
        receiptId: query.receiptId,
      }),
    );
  }

  @Post('purchases/batch')
  @HttpCode(200)
  @PosTerminalAccess()
  @ApiOperation({
    summary: 'Upload purchases recorded offline',
    description:
      'Each item carries its own idempotencyKey and the terminal’s sequenceNumber and is applied ' +
      'alone, in sequence order: a bad item is answered with its own problem and does not stop ' +
      'the others. Re-uploading a batch replays the items already applied.',
  })
  @ApiOkResponse({ type: PurchaseBatchResponse })
  async recordBatch(
    @CurrentTerminal() terminal: PosTerminalPrincipal,
    @Body() body: PurchaseBatchRequest,
    @Req() request: FastifyRequest,
  ): Promise<PurchaseBatchResponse> {
    const requestId = requestIdOf(request.raw);
    const indexed = body.items.map((raw, index) => ({ raw, index }));
    const sequenceOf = (raw: Record<string, unknown>) =>
      typeof raw.sequenceNumber === 'number' ? raw.sequenceNumber : Number.MAX_SAFE_INTEGER;
    indexed.sort((a, b) => sequenceOf(a.raw) - sequenceOf(b.raw) || a.index - b.index);
    const results: PurchaseBatchItemResult[] = [];
    for (const { raw, index } of indexed) {
      const context = { instance: `${request.url}#/items/${index}`, requestId };
      const base = {
        index,
        sequenceNumber: typeof raw.sequenceNumber === 'number' ? raw.sequenceNumber : null,
        idempotencyKey: typeof raw.idempotencyKey === 'string' ? raw.idempotencyKey : null,
      };
      try {
        // Each item is checked as the body of a request of its own would be.
        const item = (await this.itemValidation.transform(raw, {
          type: 'body',
          metatype: BatchPurchaseItemRequest,
        })) as BatchPurchaseItemRequest;
        const { idempotencyKey, sequenceNumber: _sequenceNumber, ...purchase } = item;
        const outcome = await this.recordOne(
          terminal,
          checkIdempotencyKey(idempotencyKey, 'idempotencyKey'),
          purchase,
        );
        results.push({
          ...base,
          status: HttpStatus.CREATED,
          replayed: outcome.replayed,
          purchase: outcome.body,
        });
      } catch (error) {
        const { problem, serverFault } = toProblem(error, context);
        if (serverFault) this.logger.error({ err: error, requestId, index }, 'batch item failed');
        results.push({ ...base, status: problem.status, problem });
      }
    }
    results.sort((a, b) => a.index - b.index);
    return { items: results };
  }

  @Post('refunds')
  @PosTerminalAccess()
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Refund a purchase in full or in part; its points are taken back in proportion',
  })
  @ApiCreatedResponse({ type: RecordedRefundResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such purchase.' })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetails,
    description: 'More than is left to refund.',
  })
  async refund(
    @CurrentTerminal() terminal: PosTerminalPrincipal,
    @IdempotencyKey() key: string,
    @Body() body: RefundRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecordedRefund> {
    const which = exactlyOne(body.purchaseId, body.receiptId, ['purchaseId', 'receiptId']);
    if (body.receiptStoreId && 'first' in which) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        'receiptStoreId goes with receiptId, not with purchaseId',
        'receiptStoreId',
      );
    }
    const outcome = await this.refundPurchase.execute(commandOf(terminal, key, 'refund', body), {
      purchase:
        'first' in which
          ? { id: which.first }
          : { storeId: body.receiptStoreId ?? terminal.storeId, receiptId: which.second },
      refundedAtStoreId: terminal.storeId,
      amountMinor: body.amountMinor,
      occurredAt: body.occurredAt ? pastInstant(body.occurredAt, 'occurredAt') : new Date(),
    });
    return answer(reply, outcome);
  }

  private recordOne(terminal: PosTerminalPrincipal, key: string, body: PurchaseRequest) {
    return this.recordPurchase.execute(commandOf(terminal, key, 'purchase', body), {
      ...basketOf(terminal, body),
      receiptId: body.receiptId,
    });
  }
}
