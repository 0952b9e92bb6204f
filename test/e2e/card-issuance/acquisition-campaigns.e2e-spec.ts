import { StaffRole } from '@loyalty/domain';
import {
  call,
  createProgram,
  createStaffAccount,
  openTestDataSource,
  type ProblemBody,
  type ProgramFixture,
  type RunningApp,
  signInStaff,
  startApp,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createCardIssuanceApp } from '../../../apps/card-issuance/src/card-issuance.app';

interface Campaign extends ProblemBody {
  id: string;
  membersAcquired: number;
  acquisitionCostPerMemberMinor: number | null;
  spend: { amountMinor: number; currency: string };
}

/**
 * Acquisition cost comes from campaigns marketing keeps, never from a figure a clerk types:
 * AC = campaign spend / members acquired, recomputed as members join.
 */
describe('card-issuance: acquisition campaigns', () => {
  let dataSource: DataSource;
  let running: RunningApp;
  let program: ProgramFixture;
  let clerk: string;
  let marketing: string;

  const campaigns = (method: string, path: string, token: string, body?: unknown) =>
    call<Campaign>(running.baseUrl, method, `/v1/acquisition-campaigns${path}`, {
      token,
      ...(body ? { body } : {}),
    });
  const enrol = (body: Record<string, unknown>) =>
    call<ProblemBody & { member: { acquisitionCampaignId: string } }>(
      running.baseUrl,
      'POST',
      '/v1/members',
      {
        token: clerk,
        body: {
          email: `m-${randomUUID()}@example.com`,
          acquisitionChannel: 'paid_search',
          marketingConsent: false,
          card: { kind: 'virtual' },
          ...body,
        },
      },
    );
  const running_ = { startsOn: '2000-01-01', endsOn: '2999-12-31' };

  beforeAll(async () => {
    dataSource = await openTestDataSource();
    running = await startApp(createCardIssuanceApp);
    program = await createProgram(dataSource);
    const staff = async (role: StaffRole, store: string | null) =>
      signInStaff(
        running.baseUrl,
        await createStaffAccount(dataSource, program.programId, role, store),
      );
    clerk = await staff(StaffRole.Clerk, program.storeIds[0]);
    marketing = await staff(StaffRole.Marketing, null);
  });

  afterAll(async () => {
    await running?.close();
    await dataSource?.destroy();
  });

  it('shares a campaign’s spend among the members it acquired, as they join and as spend accrues', async () => {
    const created = await campaigns('POST', '', marketing, {
      channel: 'paid_search',
      name: 'search-q1',
      ...running_,
      spendMinor: 90_000,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      membersAcquired: 0,
      acquisitionCostPerMemberMinor: null,
      spend: { amountMinor: 90_000, currency: 'EUR' },
    });
    const joined = await Promise.all(
      Array.from({ length: 3 }, () => enrol({ acquisitionCampaignId: created.body.id })),
    );
    expect(joined.map((answer) => answer.status)).toEqual([201, 201, 201]);
    const listed = await campaigns('GET', '?show=running', clerk);
    expect(listed.status).toBe(200);
    const [campaign] = (listed.body as unknown as { items: Campaign[] }).items.filter(
      (item) => item.id === created.body.id,
    );
    expect(campaign).toMatchObject({ membersAcquired: 3, acquisitionCostPerMemberMinor: 30_000 });
    const invoiced = await campaigns('PATCH', `/${created.body.id}`, marketing, {
      spendMinor: 120_000,
    });
    expect(invoiced.body).toMatchObject({ acquisitionCostPerMemberMinor: 40_000 });
  });

  it('refuses a typed cost, another channel, an unknown or finished campaign, and counts only who joined', async () => {
    const campaign = await campaigns('POST', '', marketing, {
      channel: 'paid_search',
      name: 'search-q2',
      ...running_,
      spendMinor: 10_000,
    });
    const finished = await campaigns('POST', '', marketing, {
      channel: 'paid_search',
      name: 'search-2001',
      startsOn: '2001-01-01',
      endsOn: '2001-12-31',
      spendMinor: 10_000,
    });
    const typed = await enrol({ acquisitionCostMinor: 100_000_000 });
    expect(typed.status).toBe(400);
    expect(typed.body.errors?.[0]).toMatchObject({ field: 'acquisitionCostMinor' });
    const otherChannel = await enrol({
      acquisitionCampaignId: campaign.body.id,
      acquisitionChannel: 'store',
    });
    expect(otherChannel.status).toBe(400);
    expect(otherChannel.body.errors?.[0]).toMatchObject({ field: 'acquisitionChannel' });
    const unknown = await enrol({ acquisitionCampaignId: randomUUID() });
    expect(unknown.body).toMatchObject({ code: 'ACQUISITION_CAMPAIGN_NOT_FOUND' });
    const over = await enrol({ acquisitionCampaignId: finished.body.id });
    expect(over.body).toMatchObject({ code: 'ACQUISITION_CAMPAIGN_NOT_RUNNING' });
    const email = `dup-${randomUUID()}@example.com`;
    expect((await enrol({ email, acquisitionCampaignId: campaign.body.id })).status).toBe(201);
    expect((await enrol({ email, acquisitionCampaignId: campaign.body.id })).status).toBe(409);
    const [row] = await dataSource.query<{ members_acquired: number }[]>(
      `SELECT members_acquired FROM acquisition_campaigns WHERE id = $1`,
      [campaign.body.id],
    );
    expect(row!.members_acquired).toBe(1);
  });

  it('is kept by marketing and admins; clerks only read it', async () => {
    const body = { channel: 'web', name: 'web-x', ...running_, spendMinor: 1 };
    expect((await campaigns('POST', '', clerk, body)).status).toBe(403);
    const taken = await campaigns('POST', '', marketing, { ...body, name: 'search-q1' });
    expect(taken.body).toMatchObject({ code: 'ACQUISITION_CAMPAIGN_NAME_TAKEN' });
    const backwards = await campaigns('POST', '', marketing, {
      ...body,
      startsOn: '2026-05-01',
      endsOn: '2026-04-01',
    });
    expect(backwards.body.errors?.[0]).toMatchObject({ field: 'endsOn' });
  });
});
