import { CurrentMember, MemberAccess } from '@loyalty/auth';
import type { MemberPrincipal } from '@loyalty/domain';
import { ClaimRewardUseCase, VoucherCodes } from '@loyalty/ledger';
import { BarcodeRequest, Barcodes, ProblemDetails } from '@loyalty/platform';
import { Controller, Get, Header, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { answer, ApiIdempotencyKey, commandOf, IdempotencyKey } from '../common/idempotency';
import { RewardIdParams } from '../rewards-catalog/rewards-catalog.requests';
import { ReadVouchersUseCase } from './read-vouchers.use-case';
import { MemberVouchersQuery, VoucherIdParams } from './vouchers.requests';
import { ClaimedVoucherResponse, VoucherListResponse, VoucherResponse } from './vouchers.responses';

const CLAIM_REFUSED =
  'The member may not claim it now (REWARD_NOT_CLAIMABLE, with refusals), or the key was used ' +
  'for another request.';

/** The member's side of the catalog: claiming a reward, and their vouchers with their codes. */
@ApiTags('me')
@MemberAccess()
@Controller({ path: 'me', version: '1' })
export class MemberVouchersController {
  constructor(
    private readonly claimReward: ClaimRewardUseCase,
    private readonly vouchers: ReadVouchersUseCase,
    private readonly codes: VoucherCodes,
    private readonly barcodes: Barcodes,
  ) {}

  @Post('rewards/:rewardId/claim')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Claim a reward: its points are debited and a voucher issued, once',
    description: 'A retry under the same Idempotency-Key answers the same voucher.',
  })
  @ApiCreatedResponse({ type: ClaimedVoucherResponse })
  @ApiNotFoundResponse({
    type: ProblemDetails,
    description: 'No reward of the program has this id.',
  })
  @ApiConflictResponse({ type: ProblemDetails, description: 'Out of stock (REWARD_OUT_OF_STOCK).' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetails, description: CLAIM_REFUSED })
  @ApiGoneResponse({ type: ProblemDetails, description: 'The member erased their data.' })
  async claim(
    @CurrentMember() member: MemberPrincipal,
    @IdempotencyKey() key: string,
    @Param() params: RewardIdParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClaimedVoucherResponse> {
    const outcome = await this.claimReward.execute(commandOf(member, key, 'reward-claim', params), {
      member: { memberId: member.memberId },
      rewardId: params.rewardId,
      redemptionCode: null,
      storeId: null,
    });
    return ClaimedVoucherResponse.from(answer(reply, outcome), this.codes);
  }

  @Get('vouchers')
  @ApiOperation({ summary: 'The member’s vouchers, newest first, with their codes' })
  @ApiOkResponse({ type: VoucherListResponse })
  @ApiGoneResponse({ type: ProblemDetails, description: 'The member erased their data.' })
  async list(
    @CurrentMember() member: MemberPrincipal,
    @Query() query: MemberVouchersQuery,
  ): Promise<VoucherListResponse> {
    const vouchers = await this.vouchers.ofMember(
      member.programId,
      member.memberId,
      query.status ?? null,
    );
    return {
      items: vouchers.map((voucher) => VoucherResponse.from(voucher, this.codes)),
    };
  }

  @Get('vouchers/:voucherId')
  @ApiOperation({ summary: 'One of the member’s vouchers' })
  @ApiOkResponse({ type: VoucherResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'The member has no such voucher.' })
  async read(
    @CurrentMember() member: MemberPrincipal,
    @Param() params: VoucherIdParams,
  ): Promise<VoucherResponse> {
    const voucher = await this.vouchers.oneOfMember(
      member.programId,
      member.memberId,
      params.voucherId,
    );
    return VoucherResponse.from(voucher, this.codes);
  }

  @Get('vouchers/:voucherId/barcode.svg')
  @Header('content-type', 'image/svg+xml')
  @Header('cache-control', 'private, max-age=3600')
  @ApiOperation({ summary: 'The voucher’s code as an SVG barcode (Code 128 or QR)' })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({
    description: 'The barcode, an SVG image.',
    content: { 'image/svg+xml': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'The member has no such voucher.' })
  async barcodeSvg(
    @CurrentMember() member: MemberPrincipal,
    @Param() params: VoucherIdParams,
    @Query() query: BarcodeRequest,
  ): Promise<string> {
    await this.vouchers.oneOfMember(member.programId, member.memberId, params.voucherId);
    return this.barcodes.svg(this.codes.codeOf(params.voucherId), query.symbology);
  }

  @Get('vouchers/:voucherId/barcode.png')
  @Header('content-type', 'image/png')
  @Header('cache-control', 'private, max-age=3600')
  @ApiOperation({ summary: 'The voucher’s code as a PNG barcode (Code 128 or QR)' })
  @ApiProduces('image/png')
  @ApiOkResponse({
    description: 'The barcode, a PNG image.',
    content: { 'image/png': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'The member has no such voucher.' })
  async barcodePng(
    @CurrentMember() member: MemberPrincipal,
    @Param() params: VoucherIdParams,
    @Query() query: BarcodeRequest,
  ): Promise<Buffer> {
    await this.vouchers.oneOfMember(member.programId, member.memberId, params.voucherId);
    return this.barcodes.png(this.codes.codeOf(params.voucherId), query.symbology);
  }
}
