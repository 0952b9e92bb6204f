import { StaffRole } from '@loyalty/domain';
import { call, enrolMember, type StaffAccount } from '@loyalty/testing';
import { seedDashboardProgram } from '../value-scoring/dashboard-program';
import {
  BROWSER_TEST_TIMEOUT_MS,
  type ConsoleWorld,
  screenshot,
  seriousAccessibilityViolations,
  startConsoleWorld,
} from './console-world';

describe('the console for managers and admins, and what a clerk may not reach', () => {
  let world: ConsoleWorld;
  let admin: StaffAccount;
  let clerk: StaffAccount;

  jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

  beforeAll(async () => {
    world = await startConsoleWorld();
    admin = await world.staff(StaffRole.Admin);
    clerk = await world.staff(StaffRole.Clerk);
  });

  afterAll(async () => {
    await world?.close();
  });

  it('an admin creates a POS key: its secret is shown once, and a till works with it', async () => {
    const { page } = await world.signedIn(admin);
    await page.getByRole('link', { name: 'POS API keys' }).click();
    await page.getByLabel('Store').selectOption({ label: 'FIRST store (FIRST)' });
    await page.getByLabel('Terminal').fill('CONSOLE-TILL-1');
    await page.getByLabel('Label').fill('Front till');
    await page.getByRole('button', { name: 'Create a key' }).click();
    const secret = page.getByTestId('pos-api-key');
    await secret.waitFor();
    const apiKey = (await secret.textContent()) ?? '';
    expect(apiKey).toMatch(/^pos_[0-9a-f]{32}_/);
    await page.getByRole('cell', { name: 'CONSOLE-TILL-1', exact: true }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'admin-pos-keys');

    const member = await enrolMember(world.apps);
    const till = await call(
      world.apps.ledger.baseUrl,
      'GET',
      `/v1/cards/${member.cardNumber}/balance`,
      { apiKey },
    );
    expect(till.status).toBe(200);

    // Once the page is left, the secret is gone for good: the list never carries it.
    await page.reload();
    await page.getByRole('cell', { name: 'CONSOLE-TILL-1', exact: true }).waitFor();
    expect(await page.getByTestId('pos-api-key').count()).toBe(0);
    expect(await page.content()).not.toContain(apiKey);
  });

  it('every administration screen opens for an admin without accessibility violations', async () => {
    const { page } = await world.signedIn(admin);
    for (const [link, heading, name] of [
      ['Stores', 'Stores', 'admin-stores'],
      ['Staff and roles', 'Staff and roles', 'admin-staff'],
      ['Card stock', 'Card stock', 'admin-card-stock'],
      ['Approvals', 'Adjustments waiting for approval', 'desk-approvals'],
      ['Earning rules', 'Earning rules', 'admin-earning-rules'],
      ['Value policy', 'Value policy', 'admin-value-policy'],
      ['Rewards catalog', 'Rewards catalog', 'admin-rewards'],
      ['Campaigns', 'Campaigns', 'admin-campaigns'],
      ['Webhooks', 'Webhooks', 'admin-webhooks'],
      ['Program settings', 'Program settings', 'admin-program'],
    ] as const) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.getByRole('status').filter({ hasText: 'Loading' }).waitFor({ state: 'detached' });
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, name);
    }
  });

  it('an admin sees what a basket earns under draft rules as they type, then publishes them', async () => {
    const { page } = await world.signedIn(admin);
    await page.getByRole('link', { name: 'Earning rules' }).click();
    const draftPoints = page.getByTestId('draft-points');
    // 42.50 at one point per euro, rounded down.
    await draftPoints.filter({ hasText: /^42$/ }).waitFor();
    await page.getByLabel('Points', { exact: true }).fill('3');
    await draftPoints.filter({ hasText: /^127$/ }).waitFor();
    await page.getByText('42 with the rules in force').waitFor();
    // A refused draft names its field before anything is published.
    await page.getByLabel(/^per \(minor units/).fill('0');
    await page
      .getByLabel(/^per \(minor units/)
      .and(page.locator('[aria-invalid="true"]'))
      .waitFor();
    await page.getByLabel(/^per \(minor units/).fill('100');
    await draftPoints.filter({ hasText: /^127$/ }).waitFor();
    await page.getByRole('button', { name: 'Publish these rules' }).click();
    await page.getByText(/^Version 3 published\.$/).waitFor();
    const versions = await call<{ items: { rules: { basePoints: number } }[] }>(
      world.apps.ledger.baseUrl,
      'GET',
      '/v1/earning-rules',
      { token: world.apps.admin },
    );
    expect(versions.body.items[0]!.rules.basePoints).toBe(3);
  });

  it('an admin is warned how many members a policy draft moves, and must say so before publishing', async () => {
    await seedDashboardProgram(world.apps);
    const { page } = await world.signedIn(admin);
    await page.getByRole('link', { name: 'Value policy' }).click();
    // As published, the member at 120 euros held as silver would go up to gold.
    const warning = page.getByTestId('tier-move-warning');
    await warning.filter({ hasText: 'move 1 members up and 0 down' }).waitFor();
    // Gold from 500 euros: they stay silver, and the member at 400 euros goes down to silver.
    await page
      .getByLabel(/^From a CLV of/)
      .nth(1)
      .fill('500');
    await warning.filter({ hasText: 'move 0 members up and 1 down' }).waitFor();
    await page.getByRole('cell', { name: 'gold', exact: true }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'admin-value-policy-warning');
    const publish = page.getByRole('button', { name: 'Publish this policy' });
    expect(await publish.isDisabled()).toBe(true);
    await page.getByLabel(/I have seen that publishing moves 1 members/).check();
    await publish.click();
    await page.getByText(/^Version 2 published/).waitFor();
    const policies = await call<{ items: { policy: { tiers: { minClvMinor?: number }[] } }[] }>(
      world.apps.ledger.baseUrl,
      'GET',
      '/v1/value-policies',
      { token: world.apps.admin },
    );
    expect(policies.body.items[0]!.policy.tiers[2]!.minClvMinor).toBe(50_000);
  });

  it('an admin adds card stock and the batch is listed with its cards in stock', async () => {
    const { page } = await world.signedIn(admin);
    await page.goto('/admin/card-stock');
    await page.getByLabel('Label').fill('Console print run');
    await page.getByLabel('Cards').fill('25');
    await page.getByRole('button', { name: 'Generate a batch' }).click();
    const row = page.getByRole('row', { name: /Console print run/ });
    await row.waitFor();
    expect(await row.getByRole('cell').nth(2).textContent()).toBe('25');
  });

  it('a manager’s adjustment above the cap waits, and another manager approves it in the console', async () => {
    const limits = await call<Record<string, unknown>>(
      world.apps.ledger.baseUrl,
      'GET',
      '/v1/point-limits',
      { token: world.apps.admin },
    );
    const set = await call(world.apps.ledger.baseUrl, 'PUT', '/v1/point-limits', {
      token: world.apps.admin,
      body: {
        ...limits.body,
        managerAdjustmentDailyPoints: 100,
        adjustmentApprover: 'another_manager',
      },
    });
    expect(set.status).toBe(200);
    const member = await enrolMember(world.apps);
    const requester = await world.staff(StaffRole.Manager);
    const approver = await world.staff(StaffRole.Manager);

    const { page } = await world.signedIn(requester);
    await page.goto(`/desk/members/${member.memberId}`);
    await page.getByRole('button', { name: 'Adjust points' }).click();
    const dialog = page.getByRole('dialog', { name: 'Adjust points' });
    await dialog.getByLabel('Points').fill('500');
    await dialog.getByLabel('Reason').fill('receipt lost at the till, checked by phone');
    await dialog.getByRole('button', { name: 'Adjust points' }).click();
    await dialog.getByText(/waits for a second person/).waitFor();

    const second = await world.signedIn(approver);
    await second.page.getByRole('link', { name: 'Approvals' }).click();
    const approve = second.page.getByRole('button', {
      name: 'Approve the adjustment of 500 points',
    });
    await approve.waitFor();
    expect(await seriousAccessibilityViolations(second.page)).toEqual([]);
    await approve.click();
    await second.page.getByText('Nothing here.').waitFor();

    await second.page.goto(`/desk/members/${member.memberId}`);
    await second.page.getByTestId('available-points').filter({ hasText: '500' }).waitFor();
    const balance = await call<{ available: number }>(
      world.apps.ledger.baseUrl,
      'GET',
      `/v1/members/${member.memberId}/balance`,
      { token: world.apps.admin },
    );
    expect(balance.body.available).toBe(500);
  });

  it('a clerk sees no administration, and a forged navigation to it is refused by the API', async () => {
    const { page } = await world.signedIn(clerk);
    expect(await page.getByRole('navigation').getByText('Administration').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'POS API keys' }).count()).toBe(0);

    const refused = page.waitForResponse((response) =>
      response.url().endsWith('/api/card-issuance/v1/pos-api-keys'),
    );
    await page.goto('/admin/pos-keys');
    expect((await refused).status()).toBe(403);
    await page.getByText('Your role may not do this.').first().waitFor();
    expect(await page.getByTestId('pos-api-key').count()).toBe(0);
    await screenshot(page, 'clerk-forged-admin');

    const staffList = page.waitForResponse((response) =>
      response.url().endsWith('/api/card-issuance/v1/staff'),
    );
    await page.goto('/admin/staff');
    expect((await staffList).status()).toBe(403);
  });
});
