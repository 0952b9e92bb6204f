import {
  CurrentMember,
  CurrentStaff,
  CurrentTerminal,
  MemberAccess,
  PosTerminalAccess,
  StaffAccess,
} from '@loyalty/auth';
import {
  type JournalTransaction,
  type MemberPrincipal,
  type PosTerminalPrincipal,
  StaffPermission,
  type StaffPrincipal,
} from '@loyalty/domain';
import type { HistoryFilter } from '@loyalty/persistence';
import { ProblemDetails } from '@loyalty/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BalanceResponse } from '../common/balance.responses';
import {
  CardNumberParams,
  HistoryQuery,
  MemberIdParams,
  TransactionIdParams,
} from './points.requests';
import {
  HistoryResponse,
  MemberLotsResponse,
  MyTransactionResponse,
  TransactionResponse,
} from './points.responses';
import { ReadPointsUseCase } from './read-points.use-case';

const filterOf = (query: HistoryQuery): HistoryFilter => ({
  limit: query.limit ?? 25,
  ...(query.cursor ? { cursor: query.cursor } : {}),
  ...(query.kind ? { kinds: query.kind } : {}),
  ...(query.from ? { from: new Date(query.from) } : {}),
  ...(query.to ? { to: new Date(query.to) } : {}),
});

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
  constructor(private readonly points: ReadPointsUseCase) {}

  @Get('me/balance')
  @MemberAccess()
  @ApiTags('me')
  @ApiOperation({ summary: 'My points: available, pending, lifetime, next expiry' })
  @ApiOkResponse({ type: BalanceResponse })
  async myBalance(@CurrentMember() member: MemberPrincipal): Promise<BalanceResponse> {
    return BalanceResponse.from(member.memberId, await this.points.balanceOf(member.memberId));
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
    return this.history(this.points.history(member.memberId, filterOf(query)));
  }

  @Get('me/transactions/:transactionId')
  @MemberAccess()
  @ApiTags('me')
  @ApiOperation({ summary: 'One of my transactions: how far it moved my points, and why' })
  @ApiOkResponse({ type: MyTransactionResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async myTransaction(
    @CurrentMember() member: MemberPrincipal,
    @Param() params: TransactionIdParams,
  ): Promise<MyTransactionResponse> {
    const transaction = await this.points.transactionOfMember(
      member.programId,
      member.memberId,
      params.transactionId,
    );
    return {
      id: transaction.id,
      kind: transaction.kind,
      points: transaction.entries
        .filter((entry) => entry.memberId === member.memberId)
        .reduce((sum, entry) => sum + entry.points, 0),
      madeBy: transaction.actor.kind,
      reason: transaction.reason,
      storeId: transaction.storeId,
      purchaseId: transaction.purchaseId,
      reversesTransactionId: transaction.reversesTransactionId,
      reversedByTransactionId: transaction.reversedByTransactionId,
      occurredAt: transaction.occurredAt.toISOString(),
    };
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
    return BalanceResponse.from(
      params.memberId,
      await this.points.balanceOfMember(staff.programId, params.memberId),
    );
  }

  @Get('members/:memberId/lots')
  @StaffAccess(StaffPermission.ReadPoints)
  @ApiOperation({ summary: 'A member’s points by expiry date: spendable and pending' })
  @ApiOkResponse({ type: MemberLotsResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async memberLots(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: MemberIdParams,
  ): Promise<MemberLotsResponse> {
    const lots = await this.points.lotsOfMember(staff.programId, params.memberId);
    return {
      items: lots.map((lot) => ({
        expiresAt: lot.expiresAt?.toISOString() ?? null,
        availablePoints: lot.availablePoints,
        pendingPoints: lot.pendingPoints,
        pendingUntil: lot.pendingUntil?.toISOString() ?? null,
      })),
    };
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
    return this.history(
      this.points.historyOfMember(staff.programId, params.memberId, filterOf(query)),
    );
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
    return toResponse(await this.points.transaction(staff.programId, params.transactionId));
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
    const { memberId, balance } = await this.points.balanceOfCard(
      terminal.programId,
      params.number,
    );
    return BalanceResponse.from(memberId, balance);
  }

  private async history(
    reading: ReturnType<ReadPointsUseCase['history']>,
  ): Promise<HistoryResponse> {
    const page = await reading;
    return {
      items: page.items.map((item) => ({ ...item, occurredAt: item.occurredAt.toISOString() })),
      nextCursor: page.nextCursor,
    };
  }
}
