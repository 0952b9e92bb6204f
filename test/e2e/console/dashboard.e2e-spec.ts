import { StaffRole } from '@loyalty/domain';
import { readFile } from 'node:fs/promises';
import { seedDashboardProgram } from '../value-scoring/dashboard-program';
import {
  BROWSER_TEST_TIMEOUT_MS,
  type ConsoleWorld,
  screenshot,
  seriousAccessibilityViolations,
  startConsoleWorld,
} from './console-world';

const PLOTS = [
  'Customer equity over time',
  'How lifetime value is spread',
  'Tiers and the moves between them',
  'Retention by enrolment cohort',
  'What acquiring a member costs, and returns',
  'What members say, per store',
  'Points liability and what will expire',
  'Rewards and referrals',
];

describe("marketing's dashboard, in a real browser", () => {
  jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);
  let world: ConsoleWorld;

  beforeAll(async () => {
    world = await startConsoleWorld();
    await seedDashboardProgram(world.apps);
  });

  afterAll(async () => {
    await world?.close();
  });

  it('draws every plot with data, its numbers on hover, in a table and as a CSV file', async () => {
    const marketing = await world.staff(StaffRole.Marketing);
    const { page } = await world.signedIn(marketing);
    // Marketing lands on the dashboard: it is the one screen of their role.
    await page.getByRole('heading', { level: 1, name: 'Customer value' }).waitFor();
    expect(await page.getByRole('link', { name: 'Members' }).count()).toBe(0);

    for (const title of PLOTS) {
      const panel = page.getByRole('region', { name: title });
      const canvas = panel.getByRole('img');
      await canvas.first().waitFor();
      expect([title, await panel.getByText('Nothing to show yet.').count()]).toEqual([title, 0]);
      await panel.getByText('The numbers').click();
      const rows = panel.locator('details table tbody tr');
      expect([title, (await rows.count()) > 0]).toEqual([title, true]);
    }
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard');

    // Hovering a bar shows its figure: the canvas draws a tooltip over it.
    const histogram = page
      .getByRole('region', { name: 'How lifetime value is spread' })
      .getByRole('img');
    await histogram.scrollIntoViewIfNeeded();
    const box = (await histogram.boundingBox())!;
    const before = await histogram.screenshot();
    // (A string: this file compiles without the DOM's types.)
    const nextFrame = () =>
      page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(null)))');
    let tooltipShown = false;
    // Across the bars, low where every bar of one member reaches: one of them answers the mouse.
    for (let x = 0.1; x < 1 && !tooltipShown; x += 0.05) {
      await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.75);
      await nextFrame();
      await nextFrame();
      tooltipShown = !(await histogram.screenshot()).equals(before);
    }
    expect(tooltipShown).toBe(true);

    const cohorts = page.getByRole('region', { name: 'Retention by enrolment cohort' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      cohorts.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('cohort-retention.csv');
    const csv = await readFile(await download.path(), 'utf8');
    const [header, ...lines] = csv.trim().split('\r\n');
    expect(header).toBe('Cohort,Members,Periods since enrolment,Active,Retention,Churn');
    // The cohort enrolled three months ago: 4 members, 2 of them bought in their first month.
    expect(lines[0]).toMatch(/^\d{4}-\d{2}-\d{2},4,0,2,0\.5,0\.5$/);
  });

  it('speaks French when asked, with French numbers and dates', async () => {
    const marketing = await world.staff(StaffRole.Marketing);
    const { page } = await world.signedIn(marketing);
    await page.getByRole('heading', { level: 1, name: 'Customer value' }).waitFor();
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Valeur client' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    const equity = page.getByRole('region', { name: 'Capital client dans le temps' });
    // 56,500 minor units of the last snapshot, as a French reader writes euros.
    await equity.getByText('The numbers').or(equity.getByText('Les chiffres')).click();
    await equity.getByRole('cell', { name: /565/ }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Se déconnecter' }).count()).toBe(1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'dashboard-fr');

    // The choice is kept: a reload stays in French.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Valeur client' }).waitFor();
  });
});
