import { type AppName, type LoyaltyConfig, loyaltyConfig } from '@loyalty/config';
import type { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Listens, then on SIGTERM or SIGINT stops taking connections, lets the requests in flight and
 * the jobs being processed finish, closes PostgreSQL and Redis, and exits 0. Past the timeout it
 * exits 1 rather than hang an orchestrator's rollout.
 */
export async function serveUntilShutdown(
  app: INestApplication,
  listen: { port: number; host: string; shutdownTimeoutMs: number },
): Promise<void> {
  const logger = app.get(Logger);
  await app.listen(listen.port, listen.host);
  logger.log(`listening on http://${listen.host}:${listen.port}`, 'Bootstrap');

  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.log(`${signal} received: draining requests and jobs, then stopping`, 'Shutdown');
    const deadline = setTimeout(() => {
      logger.error(`shutdown took longer than ${listen.shutdownTimeoutMs} ms; exiting`, 'Shutdown');
      process.exit(1);
    }, listen.shutdownTimeoutMs);
    deadline.unref();
    try {
      await app.close();
      logger.log('stopped cleanly', 'Shutdown');
      process.exit(0);
    } catch (error) {
      logger.error(error, 'Shutdown');
      process.exit(1);
    }
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, (received) => void shutdown(received));
}

/** Reports an app that could not start (invalid configuration, unreachable database) and exits 1. */
export function exitOnBootFailure(appName: string) {
  return (error: unknown): never => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), app: appName, msg: `cannot start: ${message}` })}\n`,
    );
    process.exit(1);
  };
}

/** main.ts of every app: build it, serve it on its configured port until a shutdown signal. */
export function runHttpApp(appName: AppName, createApp: () => Promise<INestApplication>): void {
  createApp()
    .then((app) => {
      const config = app.get<LoyaltyConfig>(loyaltyConfig.KEY);
      return serveUntilShutdown(app, {
        port: config.http.ports[appName],
        host: config.http.host,
        shutdownTimeoutMs: config.shutdownTimeoutMs,
      });
    })
    .catch(exitOnBootFailure(appName));
}
