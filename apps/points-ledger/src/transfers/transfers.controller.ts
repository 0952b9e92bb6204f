import {
  CurrentMember,
  CurrentStaff,
  MemberAccess,
  RateLimit,
  RateLimited,
  StaffAccess,
} from '@loyalty/auth';
import { type MemberPrincipal, StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import {
  type RecipientReference,
  type RecordedTransfer,
  type SentTransfer,
  TransferPointsUseCase,
} from '@loyalty/ledger';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Post, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { answer, ApiIdempotencyKey, commandOf, IdempotencyKey } from '../common/idempotency';
import { exactlyOneOf } from '../common/request-rules';
import { MemberTransferRequest, StaffTransferRequest } from './transfers.requests';
import { RecordedTransferResponse, SentTransferResponse } from './transfers.responses';

@ApiTags('transfers')
@Controller({ version: '1' })
export class TransfersController {
  constructor(private readonly transferPoints: TransferPointsUseCase) {}

  @Post('me/transfers')
  @MemberAccess()
  @RateLimited(RateLimit.TransferByMember)
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Send some of my available points to another member',
    description:
      'The recipient is named by card number, email or phone. A member sends at most the ' +
      "program's memberTransferDailyPoints in any 24 hours; the points keep their expiry dates.",
  })
  @ApiCreatedResponse({ type: SentTransferResponse })
  @ApiNotFoundResponse({ type: ProblemDetails, description: 'No such recipient.' })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetails,
    description: 'Too few available points, the daily allowance, or a transfer to oneself.',
  })
  async send(
    @CurrentMember() member: MemberPrincipal,
    @IdempotencyKey() key: string,
    @Body() body: MemberTransferRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SentTransfer> {
    const to = exactlyOneOf<RecipientReference>(body.to, ['cardNumber', 'email', 'phone'], 'to');
    const outcome = await this.transferPoints.send(
      commandOf(member, key, 'member-transfer', body),
      to,
      body.points,
    );
    return answer(reply, outcome);
  }

  @Post('transfers')
  @StaffAccess(StaffPermission.TransferPoints)
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: "Move a member's available points to another member on their behalf (managers)",
    description:
      "A manager transfers from members of the manager's store, an admin from any member; the " +
      "reason (at least 10 characters) records the member's request, and one transfer moves at " +
      "most the program's staffTransferMaxPoints. The journal records the staff member and that " +
      'the consent was attested by them.',
  })
  @ApiCreatedResponse({ type: RecordedTransferResponse })
  @ApiForbiddenResponse({ type: ProblemDetails, description: "Not the manager's store." })
  @ApiNotFoundResponse({ type: ProblemDetails })
  @ApiUnprocessableEntityResponse({
    type: ProblemDetails,
    description: 'Too few available points, above the cap, or a transfer to oneself.',
  })
  async transfer(
    @CurrentStaff() staff: StaffPrincipal,
    @IdempotencyKey() key: string,
    @Body() body: StaffTransferRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Omit<RecordedTransfer, 'dailyAllowanceLeft'>> {
    const outcome = await this.transferPoints.execute(
      commandOf(staff, key, 'transfer', body),
      { kind: 'staff', staff },
      body,
    );
    const { transactionId, points, from, to } = answer(reply, outcome);
    return { transactionId, points, from, to };
  }
}
