import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { QueueName } from '@loyalty/messaging';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import { AdminAuthentication } from './admin-authentication';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * The queue board (bull-board) on the worker's admin port: every queue, its jobs, their
 * progress, and failed jobs to replay. Program admins only — a browser is asked for an admin's
 * email and password (Basic), a script may send a staff access token (Bearer).
 */
export async function mountQueueBoard(app: NestFastifyApplication): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map(
      (name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false })),
    ),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Loyalty queues' } },
  });
  const authentication = app.get(AdminAuthentication);
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      const verdict = await authentication.check(request.headers.authorization);
      if (verdict === 'unauthenticated') {
        await reply
          .code(401)
          .header('www-authenticate', 'Basic realm="queue board", charset="UTF-8"')
          .send({ status: 401, code: 'AUTHENTICATION_REQUIRED' });
      } else if (verdict === 'not-admin') {
        await reply.code(403).send({ status: 403, code: 'PERMISSION_DENIED' });
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
