import { CurrentPrincipal, CurrentStaff, ProgramCallerAccess, StaffAccess } from '@loyalty/auth';
import { type Principal, StaffPermission, type StaffPrincipal } from '@loyalty/domain';
import { ProblemDetails } from '@loyalty/platform';
import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { bodyOf } from '../earning-rules/earning-rules.responses';
import { ProgramSettingsRequest } from './program.requests';
import { ProgramProfileResponse } from './program.responses';
import { type ProgramProfile, ReadProgramProfileUseCase } from './read-program-profile.use-case';
import { SetProgramSettingsUseCase } from './set-program-settings.use-case';

const responseOf = ({
  program,
  earningRules,
  valuePolicy,
}: ProgramProfile): ProgramProfileResponse => ({
  id: program.id,
  code: program.code,
  name: program.name,
  currency: program.currency,
  country: program.phoneRegion,
  timeZone: program.timezone,
  locale: program.locale,
  returnWindowDays: earningRules?.rules.pendingDays ?? null,
  offlineWindowDays: program.pointLimits.offlineWindowDays,
  maxPurchaseMinor: program.pointLimits.maxPurchaseMinor,
  expiry: earningRules ? { ...earningRules.rules.expiry } : null,
  tierBasis: valuePolicy?.policy.tierBasis ?? null,
  tiers: (valuePolicy?.policy.tiers ?? []).map((tier) => ({ ...tier })),
  earningRules: earningRules
    ? {
        version: earningRules.version,
        effectiveFrom: earningRules.effectiveFrom.toISOString(),
        rules: bodyOf(earningRules.rules),
      }
    : null,
  voucherPolicy: { ...program.voucherPolicy },
  referralPolicy: { ...program.referralPolicy },
});

/** The program a caller belongs to: what a till shows, an app explains and staff configure. */
@ApiTags('program')
@Controller({ path: 'program', version: '1' })
export class ProgramController {
  constructor(
    private readonly readProfile: ReadProgramProfileUseCase,
    private readonly setSettings: SetProgramSettingsUseCase,
  ) {}

  @Get()
  @ProgramCallerAccess()
  @ApiOperation({
    summary: 'The caller’s program: currency, country, time zone, windows, expiry, tiers, rules',
    description:
      'For tills, members and staff alike. The earning rules in force are in the shape ' +
      'POST /v1/earning-rules takes, so a till can show what a basket earns (or ask ' +
      'POST /v1/purchases/preview).',
  })
  @ApiOkResponse({ type: ProgramProfileResponse })
  async read(@CurrentPrincipal() caller: Principal): Promise<ProgramProfileResponse> {
    return responseOf(await this.readProfile.execute(caller.programId));
  }

  @Patch()
  @StaffAccess(StaffPermission.ManageProgram)
  @ApiOperation({
    summary:
      'Rename the program, set its country, time zone or language, or its voucher policy (admins)',
    description:
      'The currency never changes. The windows, expiry and tiers have their own routes: ' +
      '/v1/point-limits, /v1/earning-rules, /v1/value-policies.',
  })
  @ApiOkResponse({ type: ProgramProfileResponse })
  @ApiBadRequestResponse({ type: ProblemDetails })
  async change(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() body: ProgramSettingsRequest,
  ): Promise<ProgramProfileResponse> {
    await this.setSettings.execute(staff, body);
    return responseOf(await this.readProfile.execute(staff.programId));
  }
}
