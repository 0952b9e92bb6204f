import 'reflect-metadata';
import { loadConsoleConfig } from '@loyalty/config';
import { exitOnBootFailure } from '@loyalty/platform';
import { join } from 'node:path';
import { createConsoleServer } from './console-server';

/** Where `npm run build` puts the console's single-page app: dist/console-web. */
export const BUILT_WEB_ROOT = join(__dirname, '..', '..', '..', 'console-web');

const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConsoleConfig();
  const server = await createConsoleServer(config, { webRoot: BUILT_WEB_ROOT });
  await server.listen({ port: config.port, host: config.host });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    server.log.info(`${signal} received: finishing requests in flight, then stopping`);
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(exitOnBootFailure('console'));
