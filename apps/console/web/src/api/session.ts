import type { CardIssuanceSchemas } from '@loyalty/api-client';
import type { Problem } from './problems';

export type Staff = CardIssuanceSchemas['schemas']['StaffResponse'];
type SessionAnswer = Omit<CardIssuanceSchemas['schemas']['StaffSessionResponse'], 'refreshToken'>;

/**
 * The signed-in staff member as the page knows them. `expired` keeps who it was, so that the
 * sign-in dialog shown over the screen (whose form keeps what was typed) can greet them again.
 */
export type SessionState =
  | { readonly status: 'starting' }
  | { readonly status: 'signed-out' }
  | { readonly status: 'signed-in'; readonly staff: Staff }
  | { readonly status: 'expired'; readonly staff: Staff };

export type SignInResult = { ok: true; staff: Staff } | { ok: false; problem: Problem };

const SESSION_ROUTE = '/api/session';
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

/**
 * The staff session of this tab (decision 0020). The access token lives in this object only; the
 * refresh token is an HttpOnly cookie the console's server keeps, so a reload signs in again
 * through `/api/session/refresh` without the page ever holding it. Refreshes are serialised
 * across the browser's tabs (Web Locks): every tab shares the one cookie, and two tabs spending
 * it at once would look like a stolen token to card-issuance, which would end the session.
 */
export class StaffSession {
  private state: SessionState = { status: 'starting' };
  private accessToken: string | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly waitingForSignIn = new Set<(token: string | null) => void>();

  constructor(private readonly fetchImpl: typeof fetch = (...args) => fetch(...args)) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): SessionState => this.state;

  token(): string | null {
    return this.accessToken;
  }

  /** On page load: a cookie from an earlier visit signs in without a password. */
  async resume(): Promise<void> {
    if (!(await this.refresh())) this.set({ status: 'signed-out' });
  }

  async signIn(email: string, password: string, programCode?: string): Promise<SignInResult> {
    const response = await this.post(SESSION_ROUTE, {
      email,
      password,
      ...(programCode ? { programCode } : {}),
    });
    if (!response.ok) return { ok: false, problem: await problemOf(response) };
    const answer = (await response.json()) as SessionAnswer;
    const previous = this.state;
    this.accept(answer);
    // Requests that waited for a new sign-in go on only for the same person.
    const samePerson =
      previous.status === 'expired' && previous.staff.id === answer.staff.id
        ? answer.accessToken
        : null;
    for (const resume of this.waitingForSignIn) resume(samePerson);
    this.waitingForSignIn.clear();
    return { ok: true, staff: answer.staff };
  }

  async signOut(): Promise<void> {
    this.accessToken = null;
    try {
      await this.post(`${SESSION_ROUTE}/revocation`, {});
    } finally {
      for (const resume of this.waitingForSignIn) resume(null);
      this.waitingForSignIn.clear();
      this.set({ status: 'signed-out' });
    }
  }

  /**
   * Called when an app refused the access token: a refresh, and failing that the sign-in dialog.
   * Resolves with a token to retry with, or null when the request should fail as it did.
   */
  async renew(refusedToken: string | null): Promise<string | null> {
    if (this.accessToken && this.accessToken !== refusedToken) return this.accessToken;
    if (await this.refresh()) return this.accessToken;
    if (this.state.status === 'signed-in' || this.state.status === 'expired') {
      this.set({ status: 'expired', staff: this.state.staff });
      return new Promise((resolve) => this.waitingForSignIn.add(resolve));
    }
    return null;
  }

  private refresh(): Promise<boolean> {
    this.refreshing ??= this.refreshOnce().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refreshOnce(): Promise<boolean> {
    const attempt = async () => {
      const response = await this.post(`${SESSION_ROUTE}/refresh`, {});
      if (!response.ok) return false;
      this.accept((await response.json()) as SessionAnswer);
      return true;
    };
    try {
      const locks = globalThis.navigator?.locks;
      return locks ? await locks.request('loyalty-console-session', attempt) : await attempt();
    } catch {
      return false;
    }
  }

  private accept(answer: SessionAnswer): void {
    this.accessToken = answer.accessToken;
    this.set({ status: 'signed-in', staff: answer.staff });
  }

  private post(path: string, body: unknown): Promise<Response> {
    return this.fetchImpl(path, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  }

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    return (await response.json()) as Problem;
  } catch {
    return { status: response.status, code: 'UNKNOWN', title: response.statusText };
  }
}
