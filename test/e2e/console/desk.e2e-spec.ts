import { StaffRole } from '@loyalty/domain';
import { call, type StaffAccount } from '@loyalty/testing';
import { randomInt } from 'node:crypto';
import type { Page } from 'playwright-core';
import {
  BROWSER_TEST_TIMEOUT_MS,
  type ConsoleWorld,
  screenshot,
  seriousAccessibilityViolations,
  startConsoleWorld,
} from './console-world';

/** A Dutch mobile number (06 1…, a valid range) as a clerk types it and as it is stored. */
const dutchMobile = () => {
  const subscriber = `1${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
  return { national: `06 ${subscriber}`, international: `+316${subscriber}` };
};

async function enrol(page: Page, name: string, phone: string): Promise<string> {
  await page.getByRole('link', { name: 'Enrol a member' }).first().click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Phone').fill(phone);
  await page.getByRole('button', { name: 'Enrol', exact: true }).click();
  await page
    .getByRole('heading', { level: 1, name })
    .waitFor()
    .catch(async (error: unknown) => {
      await screenshot(page, 'debug-enrol');
      throw error;
    });
  return new URL(page.url()).pathname.split('/').pop()!;
}

describe('the console at the desk, in a real browser', () => {
  let world: ConsoleWorld;
  let clerk: StaffAccount;

  jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

  beforeAll(async () => {
    world = await startConsoleWorld();
    clerk = await world.staff(StaffRole.Clerk);
  });

  afterAll(async () => {
    await world?.close();
  });

  it('asks who is signing in on a screen with no accessibility violations, and names a wrong password', async () => {
    const context = await world.browser.newContext({ baseURL: world.consoleUrl });
    try {
      const page = await context.newPage();
      await page.goto('/desk');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'sign-in');
      await page.getByLabel('Email').fill(clerk.email);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'INVALID_CREDENTIALS' }).waitFor();
      expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('works from the keyboard alone: sign in, skip to the content, search, open a member', async () => {
    const { page: setup } = await world.signedIn(clerk);
    const name = `Ada Keys${randomInt(100_000, 999_999)}`;
    await enrol(setup, name, dutchMobile().national);
    const context = await world.browser.newContext({ baseURL: world.consoleUrl });
    try {
      const page = await context.newPage();
      await page.goto('/');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      const focused = page.locator(':focus');
      await page.keyboard.press('Tab');
      expect(await focused.getAttribute('name')).toBe('email');
      await page.keyboard.type(clerk.email);
      await page.keyboard.press('Tab');
      await page.keyboard.type(clerk.password);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();

      // The first stop is the skip link; it lands on the screen, past the navigation.
      await page.keyboard.press('Tab');
      expect(await focused.textContent()).toBe('Skip to content');
      await page.keyboard.press('Enter');
      expect(await focused.getAttribute('id')).toBe('main');
      await page.keyboard.press('Tab');
      expect(await focused.textContent()).toBe('Enrol a member');
      await page.keyboard.press('Tab');
      expect(await focused.getAttribute('id')).toBe('member-search');
      await page.keyboard.type(name.split(' ')[1]!.toLowerCase());
      await page
        .getByRole('status')
        .filter({ hasText: /^1 found$/ })
        .waitFor();
      await page.keyboard.press('Tab');
      expect(await focused.textContent()).toBe(name);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('a clerk enrols a member (the refused field named beside it), issues a card and finds them by a national phone number', async () => {
    const { page } = await world.signedIn(clerk);
    const phone = dutchMobile();
    const name = `Grace Console${randomInt(100_000, 999_999)}`;

    await page.getByRole('link', { name: 'Enrol a member' }).first().click();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Email').fill('not-an-address');
    await page.getByRole('button', { name: 'Enrol', exact: true }).click();
    await expectInvalid(page, 'Email');
    expect(await page.getByLabel('Email').inputValue()).toBe('not-an-address');

    await page.getByLabel('Email').fill('');
    const phoneField = page.getByLabel('Phone');
    await phoneField.fill('06 12');
    await page.getByRole('button', { name: 'Enrol', exact: true }).click();
    await expectInvalid(page, 'Phone');
    expect(await phoneField.inputValue()).toBe('06 12');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'desk-enrol-refused');

    await phoneField.fill(phone.national);
    await page.getByRole('button', { name: 'Enrol', exact: true }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const memberId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByText(phone.international).waitFor();
    const cards = page.getByRole('region', { name: 'Cards' });
    await cards.getByText('Active').waitFor();

    await cards.getByRole('button', { name: 'Issue a card' }).click();
    const dialog = page.getByRole('dialog', { name: 'Issue a card' });
    await dialog.getByRole('button', { name: 'Issue a card' }).click();
    // The program allows one active card per member: the refusal is shown, as the API words it.
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').textContent()).toMatch(/409/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('img', { name: /^Barcode of card/ }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'desk-member');

    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('Find a member').fill(phone.national);
    // The list shows the newest enrolments until the search has answered: wait for its count.
    await page
      .getByRole('status')
      .filter({ hasText: /^1 found$/ })
      .waitFor();
    const result = page.getByRole('link', { name });
    expect(await page.getByRole('table').getByRole('row').count()).toBe(2);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'desk-search');
    await result.click();
    expect(new URL(page.url()).pathname).toBe(`/desk/members/${memberId}`);
  });

  it('a clerk replaces a lost card: the member keeps their points on a new active card', async () => {
    const { page } = await world.signedIn(clerk);
    const name = `Alan Replace${randomInt(100_000, 999_999)}`;
    const memberId = await enrol(page, name, dutchMobile().national);
    await page.goto(`/desk/members/${memberId}`);
    const cards = page.getByRole('region', { name: 'Cards' });
    await cards.getByRole('button', { name: 'Replace' }).click();
    const dialog = page.getByRole('dialog', { name: /^Replace card/ });
    await dialog.getByLabel('Why').selectOption('lost');
    await dialog.getByRole('button', { name: 'Replace' }).click();
    await cards.getByText('Replaced').waitFor();
    expect(await cards.getByText('Active', { exact: true }).count()).toBe(1);

    const listed = await call<{ items: { status: string; blockReason: string | null }[] }>(
      world.apps.cardIssuance.baseUrl,
      'GET',
      `/v1/members/${memberId}/cards`,
      { token: world.apps.manager },
    );
    expect(listed.body.items.map((card) => card.status).sort()).toEqual(['active', 'replaced']);
  });

  it('a session revoked elsewhere opens the sign-in dialog over the form, which keeps what was typed and is sent after signing in again', async () => {
    const { context, page } = await world.signedIn(clerk);
    await page.getByRole('link', { name: 'Enrol a member' }).first().click();
    const name = `Barbara Kept${randomInt(100_000, 999_999)}`;
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Phone').fill(dutchMobile().national);

    // Signing out in another tab of the same browser ends this tab's session too.
    const otherTab = await context.newPage();
    await otherTab.goto('/desk');
    await otherTab.getByRole('button', { name: 'Sign out' }).click();
    await otherTab.getByRole('button', { name: 'Sign in' }).waitFor();

    await page.getByRole('button', { name: 'Enrol', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Email').inputValue()).toBe(clerk.email);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'session-expired');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe(name);

    await dialog.getByLabel('Password').fill(clerk.password);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    // The enrolment that waited for the new session goes through, once.
    await page.getByRole('heading', { level: 1, name }).waitFor();
    const found = await call<{ items: unknown[] }>(
      world.apps.cardIssuance.baseUrl,
      'GET',
      `/v1/members?name=${encodeURIComponent(name)}`,
      { token: world.apps.clerk },
    );
    expect(found.body.items).toHaveLength(1);
  });
});

async function expectInvalid(page: Page, label: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await field.and(page.locator('[aria-invalid="true"]')).waitFor();
  const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
  const error = page.locator(`[id="${describedBy.split(' ').pop()}"]`);
  expect((await error.textContent())?.length).toBeGreaterThan(0);
}
