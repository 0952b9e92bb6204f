import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { DomainError, DomainErrorCode } from '@loyalty/domain';
import { QueueName } from '@loyalty/messaging';
import {
  PROBLEM_CONTENT_TYPE,
  problemContextOf,
  problemForStatus,
  toProblem,
} from '@loyalty/platform';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Queue } from 'bullmq';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminAuthentication } from './admin-authentication';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * The queue board (bull-board) on the worker's admin port: every queue of every program, so the
 * platform operator's alone. It is read-only for everyone: nothing can be added, edited, retried
 * or removed through it (a forged ledger event would be delivered, signed, to a program's
 * webhook). Replays go through /v1/failed-jobs, which checks the program and logs who replayed.
 */
export async function mountQueueBoard(app: NestFastifyApplication): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map(
      (name) =>
        new BullMQAdapter(app.get<Queue>(getQueueToken(name), { strict: false }), {
          readOnlyMode: true,
        }),
    ),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Loyalty queues' } },
  });
  const authentication = app.get(AdminAuthentication);
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      try {
        const caller = await authentication.authenticate(request.headers.authorization, request.ip);
        if (caller.kind !== 'operator') {
          throw new DomainError(
            DomainErrorCode.PermissionDenied,
            'the queue board shows every program’s jobs: only the platform operator may open it',
          );
        }
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          throw new DomainError(
            DomainErrorCode.PermissionDenied,
            'the queue board is read-only; replay failed jobs with POST /v1/failed-jobs/{queue}/{id}/retry',
          );
        }
      } catch (error) {
        await sendProblem(request, reply, error);
      }
    });
    // The board's own error answers (an unknown queue or job, a read-only refusal) become
    // problem+json like every other answer of the port.
    scope.addHook('onSend', async (request, reply, payload) => {
      const contentType = String(reply.getHeader('content-type') ?? '');
      if (reply.statusCode < 400 || contentType.startsWith(PROBLEM_CONTENT_TYPE)) return payload;
      const problem = problemForStatus(
        reply.statusCode,
        boardErrorOf(payload),
        problemContextOf(request),
      );
      void reply.header('content-type', PROBLEM_CONTENT_TYPE);
      return JSON.stringify(problem);
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}

function boardErrorOf(payload: unknown): string {
  try {
    const body = JSON.parse(String(payload)) as { error?: unknown; message?: unknown };
    const detail = body.error ?? body.message;
    return typeof detail === 'string' ? detail : 'the queue board refused the request';
  } catch {
    return 'the queue board refused the request';
  }
}

async function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const { problem, retryAfterSeconds } = toProblem(error, problemContextOf(request));
  if (retryAfterSeconds) void reply.header('retry-after', String(retryAfterSeconds));
  if (problem.status === 401) {
    void reply.header('www-authenticate', 'Basic realm="queue board", charset="UTF-8"');
  }
  await reply.code(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}
