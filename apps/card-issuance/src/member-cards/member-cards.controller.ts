import { CurrentStaff, StaffAccess } from '@loyalty/auth';
import { StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { BarcodeRequest, Barcodes, ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, Header, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { MemberIdParams } from '../members/members.requests';
import { CardToIssueRequest } from '../common/card-to-issue.requests';
import { CardResponse } from '../common/card.responses';
import { BlockCardRequest, MemberCardParams, ReplaceCardRequest } from './member-cards.requests';
import { BlockCardUseCase } from './block-card.use-case';
import { IssueCardUseCase } from './issue-card.use-case';
import { ListMemberCardsUseCase } from './list-member-cards.use-case';
import { ReplaceCardUseCase } from './replace-card.use-case';
import { IdempotentWrite } from '../common/idempotent-write';
import {
  CardListResponse,
  ReplacementResponse,
  CardEventResponse,
  CardEventListResponse,
} from './member-cards.responses';

/** Staff handling a member's cards at the till: issue, block, replace, and the audit trail. */
@ApiTags('cards')
@Controller({ path: 'members/:memberId/cards', version: '1' })
export class MemberCardsController {
  constructor(
    private readonly issueCard: IssueCardUseCase,
    private readonly blockCard: BlockCardUseCase,
    private readonly replaceCard: ReplaceCardUseCase,
    private readonly listCards: ListMemberCardsUseCase,
    private readonly barcodes: Barcodes,
  ) {}

  @Get()
  @StaffAccess(StaffPermission.ReadMembers)
  @ApiOperation({ summary: 'The member’s cards, newest first' })
  @ApiOkResponse({ type: CardListResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async list(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: MemberIdParams,
  ): Promise<CardListResponse> {
    const cards = await this.listCards.execute(staff.programId, params.memberId);
    return { items: cards.map((card) => CardResponse.from(card)) };
  }

  @Get(':cardId/barcode.svg')
  @StaffAccess(StaffPermission.ReadMembers)
  @Header('content-type', 'image/svg+xml')
  @Header('cache-control', 'private, no-store')
  @ApiOperation({
    summary: 'A member’s card as the till scans it, an SVG barcode (Code 128 or QR)',
  })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({
    description: 'The barcode, an SVG image.',
    content: { 'image/svg+xml': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async barcodeSvg(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: MemberCardParams,
    @Query() query: BarcodeRequest,
  ): Promise<string> {
    const card = await this.listCards.card(staff.programId, params.memberId, params.cardId);
    return this.barcodes.svg(card.number, query.symbology);
  }

  @Post()
  @StaffAccess(StaffPermission.IssueCards)
  @IdempotentWrite('issue-card')
  @ApiOperation({ summary: 'Issue a virtual card or activate a stock card for the member' })
  @ApiCreatedResponse({ type: CardResponse })
  @ApiConflictResponse({ type: ProblemDetails, description: 'Card limit, or card not in stock.' })
  async issue(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: MemberIdParams,
    @Body() body: CardToIssueRequest,
  ): Promise<CardResponse> {
    return CardResponse.from(
      await this.issueCard.execute(staff, params.memberId, body.toCardToIssue()),
    );
  }

  @Post(':cardId/block')
  @HttpCode(200)
  @StaffAccess(StaffPermission.BlockCards)
  @IdempotentWrite('block-card')
  @ApiOperation({ summary: 'Block a lost, stolen or compromised card' })
  @ApiOkResponse({ type: CardResponse })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The card cannot be blocked now.' })
  async block(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: MemberCardParams,
    @Body() body: BlockCardRequest,
  ): Promise<CardResponse> {
    return CardResponse.from(
      await this.blockCard.execute(staff, params.memberId, params.cardId, body.reason),
    );
  }

  @Post(':cardId/replacement')
  @StaffAccess(StaffPermission.ReplaceCards)
  @IdempotentWrite('replace-card')
  @ApiOperation({ summary: 'Replace a card; the member keeps their points and tier' })
  @ApiCreatedResponse({ type: ReplacementResponse })
  @ApiConflictResponse({ type: ProblemDetails })
  async replace(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: MemberCardParams,
    @Body() body: ReplaceCardRequest,
  ): Promise<ReplacementResponse> {
    const { replaced, successor } = await this.replaceCard.execute(
      staff,
      params.memberId,
      params.cardId,
      body.reason,
      body.card.toCardToIssue(),
    );
    return { replaced: CardResponse.from(replaced), successor: CardResponse.from(successor) };
  }

  @Get(':cardId/events')
  @StaffAccess(StaffPermission.ReadCardHistory)
  @ApiOperation({ summary: 'Every state change of the card: who, when, why' })
  @ApiOkResponse({ type: CardEventListResponse })
  async history(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() params: MemberCardParams,
  ): Promise<CardEventListResponse> {
    const events = await this.listCards.history(staff.programId, params.memberId, params.cardId);
    return { items: events.map((event) => CardEventResponse.from(event)) };
  }
}
