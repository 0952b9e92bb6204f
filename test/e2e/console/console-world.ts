import AxeBuilder from '@axe-core/playwright';
import { toConsoleConfig } from '@loyalty/config';
import { StaffRole } from '@loyalty/domain';
import { createStaffAccount, type LedgerWorld, type StaffAccount } from '@loyalty/testing';
import type { FastifyInstance } from 'fastify';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createConsoleServer } from '../../../apps/console/server/console-server';
import { startWorld } from '../points-ledger/ledger-world';

const ROOT = join(__dirname, '..', '..', '..');
/** The console as `npm run build` leaves it; `npm test` builds before jest runs. */
export const BUILT_CONSOLE = join(ROOT, 'dist', 'console-web');
/** Screenshots of every screen, for a person to look at (git-ignored). */
export const SCREENSHOTS = join(ROOT, 'test-output', 'console');

/** A browser journey takes several seconds of real clicks on a loaded 2-core machine. */
export const BROWSER_TEST_TIMEOUT_MS = 90_000;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

export interface ConsoleWorld {
  readonly apps: LedgerWorld;
  readonly console: FastifyInstance;
  readonly consoleUrl: string;
  readonly browser: Browser;
  staff(role: StaffRole, storeId?: string | null): Promise<StaffAccount>;
  /** A fresh browser context (its own cookies), signed in as the account. */
  signedIn(account: StaffAccount): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * The ledger and card-issuance apps in this process on a program of the spec's own, the
 * console's server in front of them on a port of its own serving the built console, and Debian's
 * Chromium driven by Playwright.
 */
export async function startConsoleWorld(): Promise<ConsoleWorld> {
  if (!existsSync(join(BUILT_CONSOLE, 'index.html'))) {
    throw new Error(`the console is not built (${BUILT_CONSOLE}): run npm run build first`);
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const apps = await startWorld();
  const server = await createConsoleServer(
    toConsoleConfig({
      LOG_LEVEL: 'silent',
      CONSOLE_POINTS_LEDGER_URL: apps.ledger.baseUrl,
      CONSOLE_CARD_ISSUANCE_URL: apps.cardIssuance.baseUrl,
    }),
    { webRoot: BUILT_CONSOLE },
  );
  const address = await server.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const contexts: BrowserContext[] = [];
  const journal: string[] = [];
  const world: ConsoleWorld = {
    apps,
    console: server,
    consoleUrl: address,
    browser,
    staff: (role, storeId) =>
      createStaffAccount(
        apps.dataSource,
        apps.program.programId,
        role,
        storeId === undefined
          ? role === StaffRole.Clerk || role === StaffRole.Manager
            ? apps.program.storeIds[0]
            : null
          : storeId,
      ),
    signedIn: async (account) => {
      const context = await browser.newContext({
        baseURL: address,
        viewport: { width: 1360, height: 900 },
        locale: 'en-GB',
      });
      // A step that cannot happen fails naming its locator, well before the test's own timeout.
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      context.on('page', (opened) => watch(opened, journal));
      const page = await context.newPage();
      await signIn(page, account);
      return { context, page };
    },
    close: async () => {
      writeFileSync(join(SCREENSHOTS, `journal-${process.pid}.log`), journal.join('\n'));
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await server.close();
      await apps.close();
    },
  };
  return world;
}

/** What a page did that a failing step may be explained by: refusals, errors, navigations. */
function watch(page: Page, journal: string[]): void {
  const at = () => new Date().toISOString().slice(11, 23);
  page.on('console', (message) => {
    if (message.type() === 'error') journal.push(`${at()} console ${message.text()}`);
  });
  page.on('pageerror', (error) => journal.push(`${at()} pageerror ${error.message}`));
  page.on('response', (response) => {
    const line = `${at()} ${response.status()} ${response.request().method()} ${response.url()}`;
    journal.push(line);
    if (response.status() >= 400) {
      void response.text().then(
        (body) => journal.push(`${line} ${response.request().postData() ?? ''} → ${body}`),
        () => undefined,
      );
    }
  });
  page.on('framenavigated', (frame) => journal.push(`${at()} navigated ${frame.url()}`));
}

export async function signIn(page: Page, account: StaffAccount): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** Serious and critical accessibility violations axe-core finds on the page as it is now. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
}

/** A full-page screenshot under test-output/console, named after the screen. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
