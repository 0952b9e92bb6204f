import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import {
  DomainError,
  DomainErrorCode,
  generateCardNumber,
  isWellFormedCardNumber,
  StaffPermission,
  type StaffPrincipal,
} from '@loyalty/domain';
import { CardRepository } from '@loyalty/persistence';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, Injectable, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { ProgramContext } from '../common/program-context';
import { IdempotentWrite } from '../common/idempotent-write';

const MAX_BATCH = 10_000;

export class CreateCardBatchRequest {
  @ApiProperty({ example: 'Spring 2026 print run, Amsterdam' })
  @IsString()
  @Length(1, 200)
  label!: string;

  @ApiPropertyOptional({
    maximum: MAX_BATCH,
    description: 'Generate this many numbers for the printer (or give `numbers`).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_BATCH)
  quantity?: number;

  @ApiPropertyOptional({
    type: [String],
    description:
      'Import numbers a printer produced: each with the program prefix and a check digit.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  @ArrayUnique()
  @IsString({ each: true })
  numbers?: string[];
}

export class CardBatchIdParams {
  @IsUUID()
  batchId!: string;
}

export class CardBatchResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  label!: string;

  @ApiProperty()
  quantity!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class CardBatchNumbersResponse {
  @ApiProperty({ format: 'uuid' })
  batchId!: string;

  @ApiProperty({ type: [Object], description: 'Each card: number and status.' })
  cards!: { number: string; status: string }[];
}

@Injectable()
export class ManageCardStockUseCase {
  constructor(
    private readonly cards: CardRepository,
    private readonly programs: ProgramContext,
  ) {}

  async createBatch(
    admin: StaffPrincipal,
    request: CreateCardBatchRequest,
  ): Promise<CardBatchResponse> {
    const program = await this.programs.load(admin.programId);
    if ((request.quantity === undefined) === (request.numbers === undefined)) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        'give either quantity (numbers generated here) or numbers (imported), not both',
        'quantity',
      );
    }
    let numbers: string[];
    if (request.numbers) {
      const invalid = request.numbers.findIndex(
        (number) => !isWellFormedCardNumber(number) || !number.startsWith(program.cardPrefix),
      );
      if (invalid >= 0) {
        throw new DomainError(
          DomainErrorCode.CardBatchNumberInvalid,
          `numbers[${invalid}] must be 19 digits starting with ${program.cardPrefix} with a valid check digit`,
          `numbers.${invalid}`,
        );
      }
      numbers = request.numbers;
    } else {
      const drawn = new Set<string>();
      while (drawn.size < (request.quantity ?? 0))
        drawn.add(generateCardNumber(program.cardPrefix));
      numbers = [...drawn];
    }
    const batch = await this.cards.addStockBatch(program.id, request.label, numbers, {
      kind: 'staff',
      id: admin.staffId,
    });
    return {
      id: batch.batchId,
      label: request.label,
      quantity: batch.quantity,
      createdAt: batch.createdAt.toISOString(),
    };
  }

  async numbers(programId: string, batchId: string): Promise<CardBatchNumbersResponse> {
    const cards = await this.cards.listBatchNumbers(programId, batchId);
    if (!cards) {
      throw new DomainError(
        DomainErrorCode.CardNotFound,
        'no card batch of the program has this id',
      );
    }
    return { batchId, cards: cards.map((card) => ({ number: card.number, status: card.status })) };
  }
}

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
