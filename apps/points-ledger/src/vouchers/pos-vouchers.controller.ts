import {
  CurrentStaff,
  CurrentTerminal,
  PosTerminalAccess,
  RateLimit,
  RateLimited,
  StaffAccess,
} from '@loyalty/auth';
import { type PosTerminalPrincipal, StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import {
  ClaimRewardUseCase,
  RedeemVoucherUseCase,
  VoucherCodes,
  voucherCodeHash,
} from '@loyalty/ledger';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, HttpStatus, Param, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { answer, ApiIdempotencyKey, commandOf, IdempotencyKey } from '../common/idempotency';
import { canonicalCodeOrRefuse, ReadVouchersUseCase } from './read-vouchers.use-case';
import {
  DeskRewardClaimRequest,
  MemberIdParams,
  RewardClaimRequest,
  VoucherCodeParams,
  VoucherRedemptionRequest,
} from './vouchers.requests';
import {
  ClaimedVoucherResponse,
  RedeemedVoucherResponse,
  VoucherCheckResponse,
} from './vouchers.responses';

const VOUCHER_NOT_FOUND =
  'No voucher of the program has this code (a wrong code, or another program’s).';

/**
 * Vouchers at the till and the desk: claimed for a member (with their redemption code), checked,
 * then used against a receipt.
 */
@ApiTags('pos')
@Controller({ version: '1' })
export class PosVouchersController {
  constructor(
    private readonly claimReward: ClaimRewardUseCase,
    private readonly redeemVoucher: RedeemVoucherUseCase,
    private readonly vouchers: ReadVouchersUseCase,
    private readonly codes: VoucherCodes,
  ) {}

  @Post('reward-claims')
  @PosTerminalAccess()
  @RateLimited(RateLimit.PosLookup)
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Claim a reward for the member at the till, with their redemption code',
    description:
      'As the member would in the app: points debited and a voucher issued, once; the till ' +
      'prints its code.',
  })
  @ApiCreatedResponse({ type: ClaimedVoucherResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'Unknown card or reward.' })
  @ApiConflictResponse({
    type: ProblemDetails,
    description: 'The card is not active, or the reward is out of stock.',
  })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetails,
    description:
      'The member may not claim it (REWARD_NOT_CLAIMABLE, with refusals), or a wrong, used or ' +
      'expired redemption code.',
  })
  async claim(
    @CurrentTerminal() terminal: PosTerminalPrincipal,
    @IdempotencyKey() key: string,
    @Body() body: RewardClaimRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClaimedVoucherResponse> {
    const outcome = await this.claimReward.execute(commandOf(terminal, key, 'reward-claim', body), {
      member: { cardNumber: body.cardNumber },
      rewardId: body.rewardId,
      redemptionCode: body.redemptionCode,
      storeId: terminal.storeId,
    });
    return ClaimedVoucherResponse.from(answer(reply, outcome), this.codes);
  }

  @Post('members/:memberId/reward-claims')
  @StaffAccess(StaffPermission.ClaimRewardsForMembers)
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Claim a reward at the desk for a member, with their redemption code',
    description:
      'As at a till: points debited and a voucher issued, once; the desk prints its code.',
  })
  @ApiCreatedResponse({ type: ClaimedVoucherResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'Unknown member or reward.' })
  @ApiConflictResponse({ type: ProblemDetails, description: 'The reward is out of stock.' })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetails,
    description:
      'The member may not claim it (REWARD_NOT_CLAIMABLE, with refusals), or a wrong, used or ' +
      'expired redemption code.',
  })
  @ApiGoneResponse({
    type: ProblemDetails,
    description: 'The member erased their data or was merged.',
  })
  async claimAtDesk(
    @CurrentStaff() staff: StaffPrincipal,
    @IdempotencyKey() key: string,
    @Param() params: MemberIdParams,
    @Body() body: DeskRewardClaimRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClaimedVoucherResponse> {
    const outcome = await this.claimReward.execute(
      commandOf(staff, key, 'reward-claim', { ...params, ...body }),
      {
        member: { memberId: params.memberId },
        rewardId: body.rewardId,
        redemptionCode: body.redemptionCode,
        storeId: staff.storeId,
      },
    );
    return ClaimedVoucherResponse.from(answer(reply, outcome), this.codes);
  }

  @Get('vouchers/:code')
  @PosTerminalAccess()
  @RateLimited(RateLimit.PosLookup)
  @ApiOperation({
    summary: 'Check a voucher before using it: what it gives, and whether this till may',
  })
  @ApiOkResponse({ type: VoucherCheckResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: VOUCHER_NOT_FOUND })
  async check(
    @CurrentTerminal() terminal: PosTerminalPrincipal,
    @Param() params: VoucherCodeParams,
  ): Promise<VoucherCheckResponse> {
    const { voucher, refusal } = await this.vouchers.check(
      terminal.programId,
      terminal.storeId,
      params.code,
    );
    return VoucherCheckResponse.from(voucher, refusal);
  }

  @Post('vouchers/:code/redemption')
  @PosTerminalAccess()
  @RateLimited(RateLimit.PosLookup)
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Use a voucher against a receipt, once',
    description:
      'A retry under the same key answers the same redemption; a second use, by any till, is ' +
      '409 VOUCHER_NOT_REDEEMABLE. A full refund of the receipt (POST /v1/refunds) applies ' +
      'the program’s voucher policy.',
  })
  @ApiOkResponse({ type: RedeemedVoucherResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: VOUCHER_NOT_FOUND })
  @ApiConflictResponse({
    type: ProblemDetails,
    description: 'Used, returned or expired already (VOUCHER_NOT_REDEEMABLE, with voucherStatus).',
  })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetails,
    description: 'Not valid in this store, or the key was used for another request.',
  })
  async redeem(
    @CurrentTerminal() terminal: PosTerminalPrincipal,
    @IdempotencyKey() key: string,
    @Param() params: VoucherCodeParams,
    @Body() body: VoucherRedemptionRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RedeemedVoucherResponse> {
    const code = canonicalCodeOrRefuse(params.code);
    const outcome = await this.redeemVoucher.execute(
      commandOf(terminal, key, 'voucher-redemption', { code, ...body }),
      { codeHash: voucherCodeHash(code), storeId: terminal.storeId, receiptId: body.receiptId },
    );
    return RedeemedVoucherResponse.from(answer(reply, outcome, HttpStatus.OK));
  }
}
