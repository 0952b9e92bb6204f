import {
  type AcquisitionCampaign,
  type AcquisitionChannel,
  DomainError,
  DomainErrorCode,
} from '@loyalty/domain';
import { Injectable } from '@nestjs/common';
import { Database } from '../../database';
import { violatedUniqueConstraint } from '../../unique-violation';
import type { ColumnsOf } from '../../schema/rows';

interface CampaignRow extends ColumnsOf<
  'acquisition_campaigns',
  'id' | 'program_id' | 'name' | 'spend_minor' | 'currency' | 'members_acquired'
> {
  channel: AcquisitionChannel;
  /** Selected as text (`starts_on::text`): a calendar day, not an instant. */
  starts_on: string;
  /** Selected as text (`ends_on::text`), as starts_on. */
  ends_on: string;
}

const toCampaign = (row: CampaignRow): AcquisitionCampaign => ({
  id: row.id,
  programId: row.program_id,
  channel: row.channel,
  name: row.name,
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  spend: { amountMinor: row.spend_minor, currency: row.currency },
  membersAcquired: row.members_acquired,
});

const COLUMNS = `id, program_id, channel, name, starts_on::text, ends_on::text, spend_minor,
  currency, members_acquired`;

const nameTaken = () =>
  new DomainError(
    DomainErrorCode.AcquisitionCampaignNameTaken,
    'the program already has an acquisition campaign with this name',
    'name',
  );

export interface CampaignChanges {
  readonly name?: string | undefined;
  readonly endsOn?: string | undefined;
  readonly spendMinor?: number | undefined;
}

/** Acquisition campaigns; enrolment counts their members (MemberRepository.enrol). */
@Injectable()
export class AcquisitionCampaignRepository {
  constructor(private readonly database: Database) {}

  async create(
    campaign: Omit<AcquisitionCampaign, 'membersAcquired'>,
  ): Promise<AcquisitionCampaign> {
    try {
      const [row] = await this.database.query<CampaignRow[]>(
        `INSERT INTO acquisition_campaigns (id, program_id, channel, name, starts_on, ends_on,
             spend_minor, currency)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING ${COLUMNS}`,
        [
          campaign.id,
          campaign.programId,
          campaign.channel,
          campaign.name,
          campaign.startsOn,
          campaign.endsOn,
          campaign.spend.amountMinor,
          campaign.spend.currency,
        ],
      );
      return toCampaign(row!);
    } catch (error) {
      if (violatedUniqueConstraint(error) === 'acquisition_campaigns_program_id_name_key') {
        throw nameTaken();
      }
      throw error;
    }
  }

  /** The program's campaigns, newest first; `runningOn` keeps those running that day. */
  async list(programId: string, runningOn: string | null): Promise<AcquisitionCampaign[]> {
    const rows = await this.database.query<CampaignRow[]>(
      `SELECT ${COLUMNS} FROM acquisition_campaigns
        WHERE program_id = $1 AND ($2::date IS NULL OR $2::date BETWEEN starts_on AND ends_on)
        ORDER BY starts_on DESC, name`,
      [programId, runningOn],
    );
    return rows.map(toCampaign);
  }

  /** Changes a campaign as its spend accrues; the database keeps its period and spend valid. */
  async update(
    programId: string,
    id: string,
    changes: CampaignChanges,
  ): Promise<AcquisitionCampaign | null> {
    try {
      const [rows] = await this.database.query<[CampaignRow[], number]>(
        `UPDATE acquisition_campaigns
            SET name = coalesce($3, name), ends_on = coalesce($4::date, ends_on),
                spend_minor = coalesce($5, spend_minor), updated_at = now()
          WHERE id = $1 AND program_id = $2
          RETURNING ${COLUMNS}`,
        [id, programId, changes.name ?? null, changes.endsOn ?? null, changes.spendMinor ?? null],
      );
      return rows[0] ? toCampaign(rows[0]) : null;
    } catch (error) {
      if (violatedUniqueConstraint(error) === 'acquisition_campaigns_program_id_name_key') {
        throw nameTaken();
      }
      throw error;
    }
  }
}
