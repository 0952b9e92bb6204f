import {
  type AcquisitionCampaign,
  DomainError,
  DomainErrorCode,
  type StaffPrincipal,
} from '@loyalty/domain';
import { AcquisitionCampaignRepository, type CampaignChanges } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ProgramContext } from '../common/program-context';
import type { CreateAcquisitionCampaignRequest } from './acquisition-campaigns.requests';

const endsBeforeStart = () =>
  new DomainError(DomainErrorCode.ValidationFailed, 'endsOn is on or after startsOn', 'endsOn');

/** The day it is in a time zone, as YYYY-MM-DD. */
const todayIn = (timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

/**
 * Marketing keeps the program's acquisition campaigns and their spend to date; clerks list the
 * running ones to pick from at enrolment. Spend is in the program's currency.
 */
@Injectable()
export class ManageAcquisitionCampaignsUseCase {
  constructor(
    private readonly campaigns: AcquisitionCampaignRepository,
    private readonly programs: ProgramContext,
  ) {}

  async create(
    staff: StaffPrincipal,
    request: CreateAcquisitionCampaignRequest,
  ): Promise<AcquisitionCampaign> {
    if (request.endsOn < request.startsOn) throw endsBeforeStart();
    const program = await this.programs.load(staff.programId);
    return this.campaigns.create({
      id: randomUUID(),
      programId: program.id,
      channel: request.channel,
      name: request.name.trim(),
      startsOn: request.startsOn,
      endsOn: request.endsOn,
      spend: { amountMinor: request.spendMinor, currency: program.currency },
    });
  }

  async list(staff: StaffPrincipal, runningOnly: boolean): Promise<AcquisitionCampaign[]> {
    const program = await this.programs.load(staff.programId);
    return this.campaigns.list(program.id, runningOnly ? todayIn(program.timezone) : null);
  }

  async update(
    staff: StaffPrincipal,
    campaignId: string,
    changes: CampaignChanges,
  ): Promise<AcquisitionCampaign> {
    const current = (await this.campaigns.list(staff.programId, null)).find(
      (campaign) => campaign.id === campaignId,
    );
    if (!current) {
      throw new DomainError(
        DomainErrorCode.AcquisitionCampaignNotFound,
        'no acquisition campaign of the program has this id',
        'campaignId',
      );
    }
    if (changes.endsOn && changes.endsOn < current.startsOn) throw endsBeforeStart();
    const updated = await this.campaigns.update(staff.programId, campaignId, {
      ...changes,
      name: changes.name?.trim(),
    });
    return updated ?? current;
  }
}
