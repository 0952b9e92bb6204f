import {
  CurrentMember,
  CurrentStaff,
  CurrentTerminal,
  MemberAccess,
  PosTerminalAccess,
  StaffAccess,
} from '@loyalty/auth';
import {
  DomainError,
  DomainErrorCode,
  type JournalTransaction,
  type MemberPrincipal,
  type PosTerminalPrincipal,
  StaffPermission,
  type StaffPrincipal,
} from '@loyalty/domain';
import { MemberResolver } from '@loyalty/ledger';
import { LedgerReadsRepository } from '@loyalty/persistence';
import { ProblemDetails } from '@loyalty/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BalanceResponse } from '../common/balance.responses';
import {
  CardNumberParams,
  HistoryQuery,
  HistoryResponse,
  MemberIdParams,
  TransactionIdParams,
  TransactionResponse,
} from './points.requests';

const transactionNotFound = () =>
  new DomainError(DomainErrorCode.TransactionNotFound, 'no such transaction', 'transactionId');

const toResponse = (transaction: JournalTransaction): TransactionResponse => ({
  ...transaction,
  occurredAt: transaction.occurredAt.toISOString(),
  details: { ...transaction.details },
  entries: [...transaction.entries],
});

/**
 * Balances and history: members read their own (/me), staff and tills read any member of their
 * program. A member asking for a transaction that is not theirs gets 404, as if it did not exist.
 */
@ApiTags('points')
@Controller({ version: '1' })
export class PointsController {
  constructor(
    private readonly reads: LedgerReadsRepository,
    private readonly memberResolver: MemberResolver,
  ) {}

  @Get('me/balance')
  @MemberAccess()
  @ApiTags('me')
  @ApiOperation({ summary: 'My points: available, pending, lifetime, next expiry' })
  @ApiOkResponse({ type: BalanceResponse })
  async myBalance(@CurrentMember() member: MemberPrincipal): Promise<BalanceResponse> {
    return BalanceResponse.from(
      member.memberId,
      await this.reads.balanceOf(member.memberId, new Date()),
    );
  }

  @Get('me/transactions')
  @MemberAccess()
  @ApiTags('me')
  @ApiOperation({ summary: 'My points history, newest first' })
  @ApiOkResponse({ type: HistoryResponse })
  myHistory(
    @CurrentMember() member: MemberPrincipal,
    @Query() query: HistoryQuery,
  ): Promise<HistoryResponse> {
    return this.history(member.memberId, query);
  }

  @Get('me/transactions/:transactionId')
  @MemberAccess()
  @ApiTags('me')
  @ApiOperation({ summary: 'One of my transactions' })
  @ApiOkResponse({ type: TransactionResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async myTransaction(
    @CurrentMember() member: MemberPrincipal,
    @Param() params: TransactionIdParams,
  ): Promise<TransactionResponse> {
    const transaction = await this.reads.transaction(member.programId, params.transactionId);
    if (!transaction?.entries.some((entry) => entry.memberId === member.memberId)) {
      throw transactionNotFound();
    }
    return toResponse(transaction);
  }

  @Get('members/:memberId/balance')
  @StaffAccess(StaffPermission.ReadPoints)
  @ApiOperation({ summary: 'A member’s points' })
  @ApiOkResponse({ type: BalanceResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async memberBalance(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: MemberIdParams,
  ): Promise<BalanceResponse> {
    await this.memberResolver.member(staff.programId, params.memberId);
    return BalanceResponse.from(
      params.memberId,
      await this.reads.balanceOf(params.memberId, new Date()),
    );
  }

  @Get('members/:memberId/transactions')
  @StaffAccess(StaffPermission.ReadPoints)
  @ApiOperation({ summary: 'A member’s points history, newest first' })
  @ApiOkResponse({ type: HistoryResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async memberHistory(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: MemberIdParams,
    @Query() query: HistoryQuery,
  ): Promise<HistoryResponse> {
    await this.memberResolver.member(staff.programId, params.memberId);
    return this.history(params.memberId, query);
  }

  @Get('transactions/:transactionId')
  @StaffAccess(StaffPermission.ReadPoints)
  @ApiOperation({ summary: 'One journal transaction with all its entries' })
  @ApiOkResponse({ type: TransactionResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async transaction(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: TransactionIdParams,
  ): Promise<TransactionResponse> {
    const transaction = await this.reads.transaction(staff.programId, params.transactionId);
    if (!transaction) throw transactionNotFound();
    return toResponse(transaction);
  }

  @Get('cards/:number/balance')
  @PosTerminalAccess()
  @ApiTags('pos')
  @ApiOperation({ summary: 'The points of the member whose card is presented at the till' })
  @ApiOkResponse({ type: BalanceResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async cardBalance(
    @CurrentTerminal() terminal: PosTerminalPrincipal,
    @Param() params: CardNumberParams,
  ): Promise<BalanceResponse> {
    const { member } = await this.memberResolver.resolve(terminal.programId, {
      cardNumber: params.number,
    });
    return BalanceResponse.from(member.id, await this.reads.balanceOf(member.id, new Date()));
  }

  private async history(memberId: string, query: HistoryQuery): Promise<HistoryResponse> {
    const page = await this.reads.history(memberId, {
      limit: query.limit ?? 25,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(query.kind ? { kinds: query.kind } : {}),
      ...(query.from ? { from: new Date(query.from) } : {}),
      ...(query.to ? { to: new Date(query.to) } : {}),
    });
    return {
      items: page.items.map((item) => ({ ...item, occurredAt: item.occurredAt.toISOString() })),
      nextCursor: page.nextCursor,
    };
  }
}
