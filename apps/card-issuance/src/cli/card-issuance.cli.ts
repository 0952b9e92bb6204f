import 'reflect-metadata';
import { PasswordHasher, PosApiKeys } from '@loyalty/auth';
import { LoyaltyConfigModule } from '@loyalty/config';
import { AcquisitionChannel, CardKind, normaliseEmail, StaffRole } from '@loyalty/domain';
import {
  AcquisitionCampaignRepository,
  MemberRepository,
  PersistenceModule,
  ProgramRepository,
  StaffRepository,
  StoreRepository,
} from '@loyalty/persistence';
import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFile, chmod, mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { PASSWORD_MIN_LENGTH } from '../staff/staff.requests';

const USAGE = `usage: card-issuance.cli <command> [options]
  create-admin --program CODE --email EMAIL --name NAME
      the password is read from standard input (never from the command line)
  create-pos-api-key --program CODE --store STORE_CODE --terminal TERMINAL [--label LABEL]
      prints the key once; store it in the till's configuration
  seed-demo
      the demo program's admin, POS key and sample members (once); credentials go to
      .data/demo-credentials.txt`;

@Module({})
class CliModule {
  static async forRoot(): Promise<DynamicModule> {
    return {
      module: CliModule,
      imports: [await LoyaltyConfigModule.forRoot(), PersistenceModule.forRoot('card-issuance')],
      providers: [PasswordHasher, PosApiKeys],
    };
  }
}

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split('\n')[0]?.trim() ?? '';
}

async function programId(app: INestApplicationContext, code: string | undefined): Promise<string> {
  const program = code ? await app.get(ProgramRepository).findByCode(code) : null;
  if (!program) throw new Error(`no program has code ${String(code)}`);
  return program.id;
}

async function storeId(app: INestApplicationContext, program: string, code?: string) {
  const page = await app.get(StoreRepository).listPage({ limit: 100, programId: program });
  const store = page.items.find((candidate) => candidate.code === code);
  if (!store) throw new Error(`the program has no store with code ${String(code)}`);
  return store.id;
}

async function createAdmin(app: INestApplicationContext, options: Record<string, string>) {
  const password = await readStandardInput();
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new Error(
      `the password (standard input) needs ${PASSWORD_MIN_LENGTH} characters or more`,
    );
  }
  if (!options.email || !options.name) throw new Error(USAGE);
  const admin = await app.get(StaffRepository).insert({
    programId: await programId(app, options.program),
    email: normaliseEmail(options.email),
    displayName: options.name,
    role: StaffRole.Admin,
    storeId: null,
    passwordHash: await app.get(PasswordHasher).hash(password),
  });
  console.log(`admin ${admin.email} created (id ${admin.id})`);
}

async function createPosApiKey(app: INestApplicationContext, options: Record<string, string>) {
  const program = await programId(app, options.program);
  if (!options.terminal) throw new Error(USAGE);
  const { key, apiKey } = await app.get(PosApiKeys).create({
    programId: program,
    storeId: await storeId(app, program, options.store),
    terminalCode: options.terminal,
    label: options.label ?? null,
    createdByStaffId: null,
  });
  console.log(`POS API key ${key.id} for terminal ${key.terminalCode} (shown once):\n${apiKey}`);
}

const DEMO_ADMIN_EMAIL = 'admin@demo.loyalty.invalid';
const CREDENTIALS_FILE = '.data/demo-credentials.txt';

/** The demo's people at the desk and in marketing, one of each role, for the console. */
const DEMO_STAFF = [
  { email: 'manager@demo.loyalty.invalid', name: 'Demo manager', role: StaffRole.Manager },
  { email: 'clerk@demo.loyalty.invalid', name: 'Demo clerk', role: StaffRole.Clerk },
  { email: 'marketing@demo.loyalty.invalid', name: 'Demo marketing', role: StaffRole.Marketing },
] as const;

/**
 * Creates the demo's manager, clerk and marketing accounts that do not exist yet (a checkout
 * seeded before they were added gets them on its next start) and says where to find them.
 */
async function seedDemoStaff(
  app: INestApplicationContext,
  programId: string,
  store: string,
): Promise<string[]> {
  const staff = app.get(StaffRepository);
  const lines: string[] = [];
  for (const person of DEMO_STAFF) {
    if ((await staff.findByEmail(person.email, 'DEMO')).length > 0) continue;
    const password = randomBytes(12).toString('base64url');
    await staff.insert({
      programId,
      email: person.email,
      displayName: person.name,
      role: person.role,
      storeId: person.role === StaffRole.Marketing ? null : store,
      passwordHash: await app.get(PasswordHasher).hash(password),
    });
    lines.push(
      `staff ${person.role}:${' '.repeat(Math.max(1, 10 - person.role.length))}${person.email} / ${password}`,
    );
  }
  return lines;
}
const DEMO_MEMBERS = [
  'Ada Lovelace',
  'Grace Hopper',
  'Alan Turing',
  'Katherine Johnson',
  'Edsger Dijkstra',
  'Barbara Liskov',
  'Donald Knuth',
  'Frances Allen',
  'Ken Thompson',
  'Margaret Hamilton',
  'Dennis Ritchie',
  'Radia Perlman',
];
const CHANNELS = [
  AcquisitionChannel.Store,
  AcquisitionChannel.App,
  AcquisitionChannel.Web,
  AcquisitionChannel.Referral,
];

/** Idempotent: the demo's people are created once, on the first start. */
async function seedDemo(app: INestApplicationContext): Promise<void> {
  const staff = app.get(StaffRepository);
  const program = await app.get(ProgramRepository).findByCode('DEMO');
  if (!program) throw new Error('seed the demo program first (database.cli seed-demo)');
  const store = await storeId(app, program.id, 'AMS-CENTRAL');
  if ((await staff.findByEmail(DEMO_ADMIN_EMAIL, 'DEMO')).length > 0) {
    const added = await seedDemoStaff(app, program.id, store);
    if (added.length > 0) {
      await mkdir('.data', { recursive: true });
      await appendFile(CREDENTIALS_FILE, `${added.join('\n')}\n`, { mode: 0o600 });
    }
    console.log(
      'demo admin, POS key and members already present (their credentials are in the .data/ of the checkout that created them)',
    );
    return;
  }
  const password = randomBytes(12).toString('base64url');
  const admin = await staff.insert({
    programId: program.id,
    email: DEMO_ADMIN_EMAIL,
    displayName: 'Demo admin',
    role: StaffRole.Admin,
    storeId: null,
    passwordHash: await app.get(PasswordHasher).hash(password),
  });
  const { apiKey } = await app.get(PosApiKeys).create({
    programId: program.id,
    storeId: store,
    terminalCode: 'DEMO-TILL-1',
    label: 'Demo till',
    createdByStaffId: admin.id,
  });
  // One launch campaign per channel, running this year; a third of the members came through one.
  const year = new Date().getUTCFullYear();
  const campaigns = new Map<AcquisitionChannel, string>();
  for (const channel of CHANNELS) {
    const campaign = await app.get(AcquisitionCampaignRepository).create({
      id: randomUUID(),
      programId: program.id,
      channel,
      name: `demo-launch-${channel}`,
      startsOn: `${year - 1}-01-01`,
      endsOn: `${year + 1}-12-31`,
      spend: { amountMinor: 1_500, currency: program.currency },
    });
    campaigns.set(channel, campaign.id);
  }
  const members = app.get(MemberRepository);
  for (const [index, name] of DEMO_MEMBERS.entries()) {
    const channel = CHANNELS[index % CHANNELS.length]!;
    await members.enrol(
      program,
      {
        name,
        email: `${name.toLowerCase().replaceAll(' ', '.')}@demo.loyalty.invalid`,
        phone: null,
        enrolledStoreId: store,
        enrolledByStaffId: admin.id,
        acquisitionChannel: channel,
        acquisitionCampaignId: index % 3 === 0 ? campaigns.get(channel)! : null,
        marketingConsent: index % 2 === 0,
        referralCode: null,
      },
      { kind: CardKind.Virtual },
      { kind: 'staff', id: admin.id },
    );
  }
  const staffLines = await seedDemoStaff(app, program.id, store);
  await mkdir('.data', { recursive: true });
  const file = CREDENTIALS_FILE;
  await writeFile(
    file,
    [
      '# Demo credentials for this machine only (generated by npm start; not in git).',
      '# The console: http://127.0.0.1:3004 (sign in with any of the staff below).',
      `staff admin:     ${DEMO_ADMIN_EMAIL} / ${password}`,
      ...staffLines,
      `POS API key:  ${apiKey}`,
      `members:      ${DEMO_MEMBERS.length}, e.g. ada.lovelace@demo.loyalty.invalid (program DEMO)`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  await chmod(file, 0o600);
  console.log(`demo admin, POS key and ${DEMO_MEMBERS.length} members created; see ${file}`);
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      program: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      store: { type: 'string' },
      terminal: { type: 'string' },
      label: { type: 'string' },
    },
  });
  const commands: Record<string, (app: INestApplicationContext) => Promise<void>> = {
    'create-admin': (app) => createAdmin(app, values),
    'create-pos-api-key': (app) => createPosApiKey(app, values),
    'seed-demo': seedDemo,
  };
  const command = commands[positionals[0] ?? ''];
  if (!command) throw new Error(USAGE);
  const app = await NestFactory.createApplicationContext(await CliModule.forRoot(), {
    logger: ['error'],
  });
  try {
    await command(app);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
