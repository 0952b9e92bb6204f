import { RateLimit, RateLimited } from '@loyalty/auth';
import { ProblemDetails, PublicRoute } from '@loyalty/platform';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { RefreshSessionRequest } from '../common/session.responses';
import { StaffSignInRequest } from './staff-sessions.requests';
import { StaffSessionResponse } from './staff-sessions.responses';
import { StaffSessionsUseCase } from './manage-staff-sessions.use-case';

@ApiTags('staff sign-in')
@PublicRoute()
@Controller({ path: 'staff/sessions', version: '1' })
export class StaffSessionsController {
  constructor(private readonly sessions: StaffSessionsUseCase) {}

  @Post()
  @HttpCode(200)
  @RateLimited(RateLimit.SignInByAddress, RateLimit.SignInByAccount)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiOkResponse({ type: StaffSessionResponse })
  @ApiUnauthorizedResponse({ type: ProblemDetails })
  signIn(@Body() body: StaffSignInRequest): Promise<StaffSessionResponse> {
    return this.sessions.signIn(body.email, body.password, body.programCode);
  }

  @Post('refresh')
  @HttpCode(200)
  @RateLimited(RateLimit.SignInByAddress)
  @ApiOperation({ summary: 'Swap a refresh token for new tokens' })
  @ApiOkResponse({ type: StaffSessionResponse })
  @ApiUnauthorizedResponse({ type: ProblemDetails })
  refresh(@Body() body: RefreshSessionRequest): Promise<StaffSessionResponse> {
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
