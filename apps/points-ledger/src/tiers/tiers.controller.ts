import { CurrentMember, MemberAccess } from '@loyalty/auth';
import type { MemberPrincipal } from '@loyalty/domain';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadMyTierUseCase } from './read-my-tier.use-case';
import { MyTierResponse } from './tiers.responses';

@ApiTags('value')
@Controller({ version: '1' })
export class TiersController {
  constructor(private readonly readMyTier: ReadMyTierUseCase) {}

  @Get('me/tier')
  @MemberAccess()
  @ApiTags('me')
  @ApiOperation({ summary: 'My tier, since when, and how far the next one is' })
  @ApiOkResponse({ type: MyTierResponse })
  async myTier(@CurrentMember() member: MemberPrincipal): Promise<MyTierResponse> {
    const tier = await this.readMyTier.execute(member.programId, member.memberId);
    return {
      ...tier,
      since: tier.since?.toISOString() ?? null,
      heldUntil: tier.heldUntil?.toISOString() ?? null,
    };
  }
}
