import type {
  AdjustmentApprover,
  CalendarPeriod,
  Program,
  ProgramPointLimits,
  VoucherExpiryPolicy,
  VoucherRefundPolicy,
} from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { Database } from '../../database';
import { ProgramEntity } from '../../entities/program.entity';
import type { ColumnsOf } from '../../schema/rows';

const toProgram = (entity: ProgramEntity): Program => ({
  id: entity.id,
  code: entity.code,
  name: entity.name,
  currency: entity.currency,
  timezone: entity.timezone,
  cardPrefix: entity.cardPrefix,
  maxActiveCardsPerMember: entity.maxActiveCardsPerMember,
  phoneRegion: entity.phoneRegion,
  locale: entity.locale,
  pointLimits: {
    offlineWindowDays: entity.offlineWindowDays,
    maxPurchaseMinor: entity.maxPurchaseMinor,
    memberTransferDailyPoints: entity.memberTransferDailyPoints,
    staffTransferMaxPoints: entity.staffTransferMaxPoints,
    managerAdjustmentDailyPoints: entity.managerAdjustmentDailyPoints,
    adminAdjustmentDailyPoints: entity.adminAdjustmentDailyPoints,
    adjustmentApprover: entity.adjustmentApprover as AdjustmentApprover,
  },
  voucherPolicy: {
    onRefund: entity.voucherRefundPolicy as VoucherRefundPolicy,
    onExpiry: entity.voucherExpiryPolicy as VoucherExpiryPolicy,
  },
  referralPolicy: {
    referrerPoints: entity.referralReferrerPoints,
    refereePoints: entity.referralRefereePoints,
    minPurchaseMinor: entity.referralMinPurchaseMinor,
    capPerReferrer: entity.referralCap,
    capPeriod: entity.referralCapPeriod as CalendarPeriod,
  },
});

@Injectable()
export class ProgramRepository {
  constructor(private readonly database: Database) {}

  async findById(id: string): Promise<Program | null> {
    const entity = await this.database.manager.getRepository(ProgramEntity).findOneBy({ id });
    return entity ? toProgram(entity) : null;
  }

  async listIds(): Promise<string[]> {
    const rows = await this.database.query<ColumnsOf<'programs', 'id'>[]>(
      `SELECT id FROM programs ORDER BY id`,
    );
    return rows.map((row) => row.id);
  }

  /** Sets the program's point limits; the database refuses values outside their bounds. */
  async setPointLimits(id: string, limits: ProgramPointLimits): Promise<Program | null> {
    await this.database.manager.getRepository(ProgramEntity).update({ id }, { ...limits });
    return this.findById(id);
  }

  /** Sets what an admin may change of the program itself; what is left out stays. */
  async setSettings(
    id: string,
    settings: {
      readonly name?: string;
      readonly phoneRegion?: string | null;
      readonly timezone?: string;
      readonly locale?: string;
      readonly voucherRefundPolicy?: VoucherRefundPolicy;
      readonly voucherExpiryPolicy?: VoucherExpiryPolicy;
      readonly referralReferrerPoints?: number;
      readonly referralRefereePoints?: number;
      readonly referralMinPurchaseMinor?: number;
      readonly referralCap?: number;
      readonly referralCapPeriod?: CalendarPeriod;
    },
  ): Promise<Program | null> {
    const changes = Object.fromEntries(
      Object.entries(settings).filter(([, value]) => value !== undefined),
    );
    if (Object.keys(changes).length > 0) {
      await this.database.manager.getRepository(ProgramEntity).update({ id }, changes);
    }
    return this.findById(id);
  }

  async findByCode(code: string): Promise<Program | null> {
    const entity = await this.database.manager.getRepository(ProgramEntity).findOneBy({ code });
    return entity ? toProgram(entity) : null;
  }
}
