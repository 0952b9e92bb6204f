import { CurrentMember, MemberAccess } from '@loyalty/auth';
import type { MemberPrincipal } from '@loyalty/domain';
import { BarcodeRequest, Barcodes, ProblemDetails } from '@loyalty/platform';
import { Controller, Delete, Get, Header, Param, Query } from '@nestjs/common';
import {
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { WalletPasses } from '../card-artwork/wallet-passes';
import { CardListResponse } from '../member-cards/member-cards.responses';
import { CardResponse } from '../common/card.responses';
import { MemberExportResponse } from '../privacy/member-privacy.responses';
import { MemberPrivacyUseCase } from '../privacy/member-privacy.use-case';
import { MemberResponse } from '../common/member.responses';
import { MemberSelfUseCase } from './member-self.use-case';
import { IdempotentWrite } from '../common/idempotent-write';
import { MyCardParams } from './me.requests';
import { GoogleWalletLinkResponse, MemberReferralsResponse } from './me.responses';
import { MemberReferralsUseCase } from './member-referrals.use-case';

@ApiTags('me')
@MemberAccess()
@Controller({ path: 'me', version: '1' })
export class MeController {
  constructor(
    private readonly self: MemberSelfUseCase,
    private readonly privacy: MemberPrivacyUseCase,
    private readonly barcodes: Barcodes,
    private readonly wallets: WalletPasses,
    private readonly referrals: MemberReferralsUseCase,
  ) {}

  @Get('referral')
  @ApiOperation({
    summary: 'The member’s referral code to share, and the friends who enrolled with it',
    description:
      'A friend enrols with the code (referralCode); once their first qualifying purchase is ' +
      'past its return window, both get the program’s referral bonus, once.',
  })
  @ApiOkResponse({ type: MemberReferralsResponse })
  @ApiGoneResponse({ type: ProblemDetails, description: 'The member’s data was erased.' })
  async referral(@CurrentMember() member: MemberPrincipal): Promise<MemberReferralsResponse> {
    const { referrals, ...rest } = await this.referrals.execute(member);
    return {
      ...rest,
      referrals: referrals.map((referral) => ({
        referralId: referral.id,
        refereeEmail: referral.refereeEmail,
        status: referral.status,
        refusalReason: referral.refusalReason,
        enrolledAt: referral.createdAt.toISOString(),
        settledAt: referral.settledAt?.toISOString() ?? null,
      })),
    };
  }

  @Get()
  @ApiOperation({ summary: 'The signed-in member' })
  @ApiOkResponse({ type: MemberResponse })
  @ApiGoneResponse({ type: ProblemDetails, description: 'The member’s data was erased.' })
  async profile(@CurrentMember() member: MemberPrincipal): Promise<MemberResponse> {
    return MemberResponse.from(await this.self.profile(member));
  }

  @Get('cards')
  @ApiOperation({ summary: 'The member’s cards, newest first' })
  @ApiOkResponse({ type: CardListResponse })
  async cards(@CurrentMember() member: MemberPrincipal): Promise<CardListResponse> {
    const cards = await this.self.cardsOf(member);
    return { items: cards.map((card) => CardResponse.from(card)) };
  }

  @Get('cards/:cardId/barcode.svg')
  @Header('content-type', 'image/svg+xml')
  @Header('cache-control', 'private, max-age=3600')
  @ApiOperation({ summary: 'The card’s barcode as SVG (Code 128 or QR)' })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({
    description: 'The barcode, an SVG image.',
    content: { 'image/svg+xml': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async barcodeSvg(
    @CurrentMember() member: MemberPrincipal,
    @Param() params: MyCardParams,
    @Query() query: BarcodeRequest,
  ): Promise<string> {
    const { card } = await this.self.card(member, params.cardId);
    return this.barcodes.svg(card.number, query.symbology);
  }

  @Get('cards/:cardId/barcode.png')
  @Header('content-type', 'image/png')
  @Header('cache-control', 'private, max-age=3600')
  @ApiOperation({ summary: 'The card’s barcode as PNG (Code 128 or QR)' })
  @ApiProduces('image/png')
  @ApiOkResponse({
    description: 'The barcode, a PNG image.',
    content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async barcodePng(
    @CurrentMember() member: MemberPrincipal,
    @Param() params: MyCardParams,
    @Query() query: BarcodeRequest,
  ): Promise<Buffer> {
    const { card } = await this.self.card(member, params.cardId);
    return this.barcodes.png(card.number, query.symbology);
  }

  @Get('cards/:cardId/wallet-pass.pkpass')
  @Header('content-type', 'application/vnd.apple.pkpass')
  @ApiOperation({ summary: 'The card as an Apple Wallet pass' })
  @ApiProduces('application/vnd.apple.pkpass')
  @ApiOkResponse({
    description: 'The signed pass, a zip archive.',
    content: { 'application/vnd.apple.pkpass': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async applePass(
    @CurrentMember() member: MemberPrincipal,
    @Param() params: MyCardParams,
  ): Promise<Buffer> {
    const { program, member: profile, card } = await this.self.card(member, params.cardId);
    return this.wallets.applePass(program, profile, card);
  }

  @Get('cards/:cardId/google-wallet-link')
  @ApiOperation({ summary: 'A "Save to Google Wallet" link for the card' })
  @ApiOkResponse({ type: GoogleWalletLinkResponse })
  @ApiNotFoundResponse({ type: ProblemDetails })
  async googleLink(
    @CurrentMember() member: MemberPrincipal,
    @Param() params: MyCardParams,
  ): Promise<GoogleWalletLinkResponse> {
    const { program, member: profile, card } = await this.self.card(member, params.cardId);
    return { saveUrl: await this.wallets.googleSaveLink(program, profile, card) };
  }

  @Get('export')
  @ApiOperation({ summary: 'Everything the program holds about the member, as JSON' })
  @ApiOkResponse({ type: MemberExportResponse })
  async exportData(@CurrentMember() member: MemberPrincipal): Promise<MemberExportResponse> {
    await this.self.profile(member);
    return MemberExportResponse.from(
      await this.privacy.exportData(member.programId, member.memberId),
    );
  }

  @Delete()
  @IdempotentWrite('erase-own-data')
  @ApiOperation({
    summary: 'Erase the member’s personal data',
    description:
      'Name, email, phone and consent are removed and the cards blocked. The anonymous member ' +
      'id and its history stay, so the ledger still adds up. The points left are forfeited, ' +
      'redemption codes and sessions end, and every member route answers 410 from then on.',
  })
  @ApiOkResponse({ type: MemberResponse })
  async erase(@CurrentMember() member: MemberPrincipal): Promise<MemberResponse> {
    await this.self.profile(member);
    return MemberResponse.from(
      await this.privacy.erase(member.programId, member.memberId, {
        kind: 'member',
        id: member.memberId,
      }),
    );
  }
}
