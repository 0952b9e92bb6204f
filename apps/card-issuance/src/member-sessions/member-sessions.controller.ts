import { RateLimit, RateLimited } from '@loyalty/auth';
import { DomainError, DomainErrorCode } from '@loyalty/domain';
import { ProblemDetails, PublicRoute } from '@loyalty/platform';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { RefreshSessionRequest, SessionTokensResponse } from '../common/session.responses';
import { MemberSessionsUseCase, type SignInAddress } from './manage-member-sessions.use-case';
import { MemberSignInRequest, SignInCodeRequest } from './member-sessions.requests';
import { SignInCodeAcceptedResponse } from './member-sessions.responses';

/** The one address a sign-in request names: its email or its phone, never both. */
function addressOf(body: { email?: string; phone?: string }): SignInAddress {
  if ((body.email === undefined) === (body.phone === undefined)) {
    throw new DomainError(
      DomainErrorCode.ValidationFailed,
      'send exactly one of email and phone',
      'email',
    );
  }
  return body.email !== undefined ? { email: body.email } : { phone: body.phone! };
}

@ApiTags('member sign-in')
@PublicRoute()
@Controller({ path: 'member-sessions', version: '1' })
export class MemberSessionsController {
  constructor(private readonly sessions: MemberSessionsUseCase) {}

  @Post('codes')
  @HttpCode(202)
  @RateLimited(RateLimit.SignInByAddress, RateLimit.SignInByAccount)
  @ApiOperation({ summary: 'Send a sign-in code to the member’s email' })
  @ApiAcceptedResponse({
    type: SignInCodeAcceptedResponse,
    description:
      'By email or by phone (the code goes by text message). The same answer whether or not ' +
      'the address is enrolled.',
  })
  requestCode(@Body() body: SignInCodeRequest): Promise<SignInCodeAcceptedResponse> {
    return this.sessions.requestCode(body.programCode, addressOf(body));
  }

  @Post()
  @HttpCode(200)
  @RateLimited(RateLimit.SignInByAddress, RateLimit.SignInByAccount)
  @ApiOperation({ summary: 'Sign in with the code' })
  @ApiOkResponse({ type: SessionTokensResponse })
  @ApiUnauthorizedResponse({ type: ProblemDetails })
  signIn(@Body() body: MemberSignInRequest): Promise<SessionTokensResponse> {
    return this.sessions.signIn(body.programCode, addressOf(body), body.code);
  }

  @Post('refresh')
  @HttpCode(200)
  @RateLimited(RateLimit.SignInByAddress)
  @ApiOperation({ summary: 'Swap a refresh token for new tokens' })
  @ApiOkResponse({ type: SessionTokensResponse })
  @ApiUnauthorizedResponse({ type: ProblemDetails })
  refresh(@Body() body: RefreshSessionRequest): Promise<SessionTokensResponse> {
    return this.sessions.refresh(body.refreshToken);
  }

  @Post('revocation')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: the session’s refresh tokens stop working' })
  @ApiNoContentResponse()
  signOut(@Body() body: RefreshSessionRequest): Promise<void> {
    return this.sessions.signOut(body.refreshToken);
  }
}
