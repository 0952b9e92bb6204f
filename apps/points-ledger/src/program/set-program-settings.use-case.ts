import type { Program, ReferralPolicy, StaffPrincipal, VoucherPolicy } from '@loyalty/domain';
import { ProgramSettings } from '@loyalty/ledger';
import { ProgramRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';

const referralColumns = (policy: Partial<ReferralPolicy>) =>
  Object.fromEntries(
    Object.entries({
      referralReferrerPoints: policy.referrerPoints,
      referralRefereePoints: policy.refereePoints,
      referralMinPurchaseMinor: policy.minPurchaseMinor,
      referralCap: policy.capPerReferrer,
      referralCapPeriod: policy.capPeriod,
    }).filter(([, value]) => value !== undefined),
  );

/**
 * An admin renames the program, sets the country its national phone numbers are read in, its
 * time zone, its language, or what a refund and an expiry do to a voucher (decision 0018). The currency never changes: every purchase and refund is in it. Other replicas and
 * card-issuance read the change within five seconds (their settings' cache).
 */
@Injectable()
export class SetProgramSettingsUseCase {
  constructor(
    private readonly programs: ProgramRepository,
    private readonly settings: ProgramSettings,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SetProgramSettingsUseCase.name);
  }

  async execute(
    staff: StaffPrincipal,
    changes: {
      readonly name?: string;
      readonly country?: string | null;
      readonly timeZone?: string;
      readonly locale?: string;
      readonly voucherPolicy?: Partial<VoucherPolicy>;
      readonly referralPolicy?: Partial<ReferralPolicy>;
    },
  ): Promise<Program> {
    await this.programs.setSettings(staff.programId, {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.country !== undefined
        ? { phoneRegion: changes.country?.toUpperCase() ?? null }
        : {}),
      ...(changes.timeZone !== undefined ? { timezone: changes.timeZone } : {}),
      ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
      ...(changes.voucherPolicy?.onRefund !== undefined
        ? { voucherRefundPolicy: changes.voucherPolicy.onRefund }
        : {}),
      ...(changes.voucherPolicy?.onExpiry !== undefined
        ? { voucherExpiryPolicy: changes.voucherPolicy.onExpiry }
        : {}),
      ...referralColumns(changes.referralPolicy ?? {}),
    });
    this.settings.forget(staff.programId);
    this.logger.info(
      { programId: staff.programId, staffId: staff.staffId, changed: Object.keys(changes) },
      'program settings changed',
    );
    return this.settings.program(staff.programId);
  }
}
