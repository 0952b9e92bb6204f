import {
  DomainError,
  DomainErrorCode,
  generateCardNumber,
  isWellFormedCardNumber,
  type StaffPrincipal,
} from '@loyalty/domain';
import { CardRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { ProgramContext } from '../common/program-context';
import { CreateCardBatchRequest } from './card-stock.requests';
import {
  CardBatchListResponse,
  CardBatchNumbersResponse,
  CardBatchResponse,
} from './card-stock.responses';

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

  async batches(programId: string): Promise<CardBatchListResponse> {
    const batches = await this.cards.listBatches(programId);
    return {
      items: batches.map((batch) => ({
        id: batch.batchId,
        label: batch.label,
        quantity: batch.quantity,
        inStock: batch.inStock,
        createdAt: batch.createdAt.toISOString(),
      })),
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
