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
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createCardIssuanceApp } from '../../../apps/card-issuance/src/card-issuance.app';

const CLI = join(
  __dirname,
  '..',
  '..',
  '..',
  'dist',
  'apps',
  'card-issuance',
  'src',
  'cli',
  'card-issuance.cli.js',
);

/** Runs the compiled CLI with input on standard input. */
async function cli(
  args: string[],
  input = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(input);
  });
}

describe('card-issuance: administration of staff, stores and POS keys', () => {
  let running: RunningApp;
  let dataSource: DataSource;
  let program: ProgramFixture;
  let admin: string;

  beforeAll(async () => {
    dataSource = await openTestDataSource();
    running = await startApp(createCardIssuanceApp);
    program = await createProgram(dataSource);
    admin = await signInStaff(
      running.baseUrl,
      await createStaffAccount(dataSource, program.programId, StaffRole.Admin, null),
    );
  });

  afterAll(async () => {
    await running?.close();
    await dataSource?.destroy();
  });

  it('creates the first admin from the command line, reading the password from stdin', async () => {
    const email = `first-${randomUUID()}@example.com`;
    const password = `pw-${randomUUID()}`;
    const created = await cli(
      ['create-admin', '--program', program.programCode, '--email', email, '--name', 'First'],
      `${password}\n`,
    );
    expect(created).toMatchObject({ code: 0 });
    expect(created.stdout).toContain(`admin ${email} created`);
    expect(created.stdout + created.stderr).not.toContain(password);

    const token = await signInStaff(running.baseUrl, { id: '', email, password });
    expect((await call(running.baseUrl, 'GET', '/v1/staff', { token })).status).toBe(200);

    const short = await cli(
      ['create-admin', '--program', program.programCode, '--email', `x-${email}`, '--name', 'X'],
      'short\n',
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('needs 12 characters or more');
  });

  it('creates a POS API key from the command line, shown once and working', async () => {
    const created = await cli([
      'create-pos-api-key',
      '--program',
      program.programCode,
      '--store',
      'FIRST',
      '--terminal',
      'TILL-CLI',
    ]);
    expect(created.code).toBe(0);
    const apiKey = /pos_[0-9a-f]{32}_[A-Za-z0-9_-]{43}/.exec(created.stdout)?.[0];
    expect(apiKey).toBeDefined();
    const lookup = await call(running.baseUrl, 'GET', `/v1/cards/${'0'.repeat(19)}`, { apiKey });
    expect(lookup.status).toBe(404);
  });

  it('manages staff: a new clerk signs in; a role change or disabling ends their sessions', async () => {
    const password = `pw-${randomUUID()}`;
    const email = `clerk-${randomUUID()}@example.com`;
    const created = await call<{ id: string; role: string; storeId: string } & ProblemBody>(
      running.baseUrl,
      'POST',
      '/v1/staff',
      {
        token: admin,
        body: {
          email,
          displayName: 'New clerk',
          role: 'clerk',
          storeId: program.storeIds[0],
          password,
        },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'clerk', storeId: program.storeIds[0] });
    expect(JSON.stringify(created.body)).not.toContain(password);

    const session = await call<{ refreshToken: string }>(
      running.baseUrl,
      'POST',
      '/v1/staff/sessions',
      {
        body: { email, password },
      },
    );
    expect(session.status).toBe(200);

    const promoted = await call(running.baseUrl, 'PATCH', `/v1/staff/${created.body.id}`, {
      token: admin,
      body: { role: 'manager' },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ role: 'manager', storeId: program.storeIds[0] });
    const stale = await call(running.baseUrl, 'POST', '/v1/staff/sessions/refresh', {
      body: { refreshToken: session.body.refreshToken },
    });
    expect(stale.status).toBe(401);

    const disabled = await call(running.baseUrl, 'PATCH', `/v1/staff/${created.body.id}`, {
      token: admin,
      body: { disabled: true },
    });
    expect(disabled.body).toMatchObject({ disabledAt: expect.any(String) as unknown });
    const refused = await call(running.baseUrl, 'POST', '/v1/staff/sessions', {
      body: { email, password },
    });
    expect(refused.status).toBe(401);
  });

  it.each([
    ['a clerk without a store', { role: 'clerk' }, 'storeId'],
    ['an admin bound to a store', { role: 'admin', storeId: 'STORE' }, 'storeId'],
    ['a short password', { role: 'admin', password: 'short' }, 'password'],
    ['an unknown role', { role: 'owner' }, 'role'],
  ])('refuses %s, naming the field', async (_, overrides, field) => {
    const body: Record<string, string> = {
      email: `s-${randomUUID()}@example.com`,
      displayName: 'S',
      password: `pw-${randomUUID()}`,
      ...overrides,
    };
    if (body.storeId === 'STORE') body.storeId = program.storeIds[0]!;
    const response = await call<ProblemBody>(running.baseUrl, 'POST', '/v1/staff', {
      token: admin,
      body,
    });
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((error) => error.field)).toContain(field);
  });

  it('refuses a second account with the same email', async () => {
    const body = {
      email: `dup-${randomUUID()}@example.com`,
      displayName: 'Dup',
      role: 'marketing',
      password: `pw-${randomUUID()}`,
    };
    expect((await call(running.baseUrl, 'POST', '/v1/staff', { token: admin, body })).status).toBe(
      201,
    );
    const again = await call(running.baseUrl, 'POST', '/v1/staff', {
      token: admin,
      body: { ...body, email: body.email.toUpperCase() },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'STAFF_EMAIL_TAKEN' });
  });

  it('opens a store, refusing a code the program already uses', async () => {
    const body = { code: 'RTM-MARKT', name: 'Rotterdam Markthal', timezone: 'Europe/Amsterdam' };
    const opened = await call(running.baseUrl, 'POST', '/v1/stores', { token: admin, body });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ ...body, programId: program.programId });
    const again = await call(running.baseUrl, 'POST', '/v1/stores', { token: admin, body });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'STORE_CODE_TAKEN' });
    const badZone = await call<ProblemBody>(running.baseUrl, 'POST', '/v1/stores', {
      token: admin,
      body: { ...body, code: 'X', timezone: 'Mars/Olympus' },
    });
    expect(badZone.body.errors?.map((error) => error.field)).toEqual(['timezone']);
  });

  it('shows a new POS key once and lists keys without their secrets', async () => {
    const created = await call<{ id: string; apiKey: string }>(
      running.baseUrl,
      'POST',
      '/v1/pos-api-keys',
      {
        token: admin,
        body: { storeId: program.storeIds[1], terminalCode: 'TILL-9', label: 'Back till' },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.apiKey).toMatch(/^pos_/);
    const listed = await call<{ items: Record<string, unknown>[] }>(
      running.baseUrl,
      'GET',
      '/v1/pos-api-keys',
      {
        token: admin,
      },
    );
    const entry = listed.body.items.find((key) => key.id === created.body.id);
    expect(entry).toMatchObject({ terminalCode: 'TILL-9', label: 'Back till', revokedAt: null });
    const secret = /^pos_[0-9a-f]{32}_(.+)$/.exec(created.body.apiKey)?.[1];
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const unknownStore = await call(running.baseUrl, 'POST', '/v1/pos-api-keys', {
      token: admin,
      body: { storeId: randomUUID(), terminalCode: 'TILL-X' },
    });
    expect(unknownStore.status).toBe(404);
  });
});
