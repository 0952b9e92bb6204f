import { mintOpaqueToken, PasswordHasher } from '@loyalty/auth';
import type { StaffRole } from '@loyalty/domain';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { eventually } from './eventually';
import { type JsonResponse, request } from './app-harness';
import type { ColumnsOf } from '@loyalty/persistence';

export interface ProgramFixture {
  readonly programId: string;
  readonly programCode: string;
  readonly cardPrefix: string;
  /** Two stores: clerks and managers work in the first. */
  readonly storeIds: readonly [string, string];
}

const unique = (): string => randomBytes(4).toString('hex').toUpperCase();

/** A program of its own for a spec, so that specs never see each other's members. */
export async function createProgram(
  dataSource: DataSource,
  options: {
    maxActiveCardsPerMember?: number;
    phoneRegion?: string | null;
    /** Specs post histories years long through the tills; the product's default is 7 days. */
    offlineWindowDays?: number;
  } = {},
): Promise<ProgramFixture> {
  const programCode = `P-${unique()}`;
  const cardPrefix = String(100000 + Math.floor(Math.random() * 899999));
  const [program] = await dataSource.query<ColumnsOf<'programs', 'id'>[]>(
    `INSERT INTO programs (code, name, currency, timezone, card_prefix,
        max_active_cards_per_member, phone_region, offline_window_days)
     VALUES ($1, $2, 'EUR', 'Europe/Amsterdam', $3, $4, $5, $6) RETURNING id`,
    [
      programCode,
      `Program ${programCode}`,
      cardPrefix,
      options.maxActiveCardsPerMember ?? 1,
      options.phoneRegion === undefined ? 'NL' : options.phoneRegion,
      options.offlineWindowDays ?? 3650,
    ],
  );
  const storeIds: string[] = [];
  for (const code of ['FIRST', 'SECOND']) {
    const [store] = await dataSource.query<ColumnsOf<'stores', 'id'>[]>(
      `INSERT INTO stores (program_id, code, name, timezone)
       VALUES ($1, $2, $3, 'Europe/Amsterdam') RETURNING id`,
      [program!.id, code, `${code} store`],
    );
    storeIds.push(store!.id);
  }
  return {
    programId: program!.id,
    programCode,
    cardPrefix,
    storeIds: [storeIds[0]!, storeIds[1]!],
  };
}

export interface StaffAccount {
  readonly id: string;
  readonly email: string;
  readonly password: string;
}

const hasher = new PasswordHasher();

export async function createStaffAccount(
  dataSource: DataSource,
  programId: string,
  role: StaffRole,
  storeId: string | null,
): Promise<StaffAccount> {
  const email = `${role}-${unique().toLowerCase()}@staff.example`;
  const password = randomBytes(12).toString('base64url');
  const [row] = await dataSource.query<ColumnsOf<'staff_members', 'id'>[]>(
    `INSERT INTO staff_members (program_id, email, display_name, role, store_id, password_hash)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [programId, email, `Test ${role}`, role, storeId, await hasher.hash(password)],
  );
  return { id: row!.id, email, password };
}

/** A POS API key straight into the table, as the admin API would make it. */
export async function createPosApiKey(
  dataSource: DataSource,
  programId: string,
  storeId: string,
): Promise<{ id: string; apiKey: string }> {
  const minted = mintOpaqueToken('pos');
  await dataSource.query(
    `INSERT INTO pos_api_keys (id, program_id, store_id, terminal_code, secret_hash)
     VALUES ($1, $2, $3, $4, $5)`,
    [minted.id, programId, storeId, `TILL-${unique()}`, minted.secretHash],
  );
  return { id: minted.id, apiKey: minted.token };
}

export interface Credential {
  readonly token?: string;
  readonly apiKey?: string;
}

/** A JSON request to an app, with a bearer token or an API key. */
export function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: Credential & { body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  return request<T>(`${baseUrl}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
}

/** A new staff account of the program in that role and store, signed in: its access token. */
export async function signedInStaff(
  baseUrl: string,
  dataSource: DataSource,
  programId: string,
  role: StaffRole,
  storeId: string | null,
): Promise<string> {
  return signInStaff(baseUrl, await createStaffAccount(dataSource, programId, role, storeId));
}

export async function signInStaff(baseUrl: string, account: StaffAccount): Promise<string> {
  const response = await call<{ accessToken: string }>(baseUrl, 'POST', '/v1/staff/sessions', {
    body: { email: account.email, password: account.password },
  });
  if (response.status !== 200) throw new Error(`staff sign-in answered ${response.status}`);
  return response.body.accessToken;
}

export interface CapturedMessage {
  readonly to: string;
  readonly code: string;
  readonly headers: Record<string, unknown>;
}

/**
 * The operator's notifier, as the app sees it: an HTTP endpoint that receives sign-in codes.
 * It stands in for the email provider, which is outside the system.
 */
export class CapturingWebhook {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly messages: CapturedMessage[],
  ) {}

  static async start(): Promise<CapturingWebhook> {
    const messages: CapturedMessage[] = [];
    const server = createServer((incoming, response) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          to: string;
          code: string;
        };
        messages.push({ ...message, headers: { ...incoming.headers } });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new CapturingWebhook(server, `http://127.0.0.1:${port}/sign-in-codes`, messages);
  }

  /** Waits for the code sent to this address after `since` messages had arrived. */
  async codeFor(email: string, since = 0): Promise<string> {
    const message = await eventually(
      () => Promise.resolve(this.messages.slice(since).find((m) => m.to === email)),
      (found) => found !== undefined,
      { timeoutMs: 5000 },
    );
    return message!.code;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Signs a member in through the code flow and returns their access and refresh tokens. */
export async function signInMember(
  baseUrl: string,
  webhook: CapturingWebhook,
  programCode: string,
  email: string,
): Promise<{ accessToken: string; refreshToken: string }> {
  const since = webhook.messages.length;
  const requested = await call(baseUrl, 'POST', '/v1/member-sessions/codes', {
    body: { programCode, email },
  });
  if (requested.status !== 202) throw new Error(`code request answered ${requested.status}`);
  const code = await webhook.codeFor(email, since);
  const session = await call<{ accessToken: string; refreshToken: string }>(
    baseUrl,
    'POST',
    '/v1/member-sessions',
    { body: { programCode, email, code } },
  );
  if (session.status !== 200) throw new Error(`member sign-in answered ${session.status}`);
  return session.body;
}
