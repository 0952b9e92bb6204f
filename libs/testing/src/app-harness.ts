import type { INestApplication } from '@nestjs/common';

export interface RunningApp {
  readonly app: INestApplication;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * Boots an app in this process on a free port, with environment overrides applied while it
 * validates its configuration (at boot), and the environment restored after.
 */
export async function startApp(
  create: () => Promise<INestApplication>,
  environment: Record<string, string> = {},
): Promise<RunningApp> {
  const saved = { ...process.env };
  Object.assign(process.env, environment);
  let app: INestApplication;
  try {
    app = await create();
  } finally {
    restoreEnvironment(saved);
  }
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, baseUrl, close: () => app.close() };
}

export interface JsonResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** A real HTTP request; a JSON body is parsed, any other body is returned as text. */
export async function request<T = Record<string, unknown>>(
  url: string,
  init: RequestInit = {},
): Promise<JsonResponse<T>> {
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text && /json/.test(response.headers.get('content-type') ?? 'json')
      ? JSON.parse(text)
      : text || null) as T,
  };
}

/** Puts process.env back as it was (keys, not the object: process.env is special in Node). */
function restoreEnvironment(saved: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(process.env)) {
    if (!(key in saved)) delete process.env[key];
  }
  Object.assign(process.env, saved);
}

/** The problem+json body the apps answer errors with, as the specs read it. */
export interface ProblemBody {
  status: number;
  code: string;
  detail?: string;
  requestId: string;
  errors?: { field: string; location?: string; detail: string }[];
}
