import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import { problemForStatus } from './problem-mapping';

const CLIENT_ERRORS: Record<string, { status: number; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'the request took too long to arrive' },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    detail: 'the request line and headers exceed 16 KB; shorten the query string or headers',
  },
};

/**
 * Answers what fails before a request exists (Node's HTTP parser: headers too large, a garbled
 * request, a request that never finished arriving) as problem+json, like every other answer;
 * Fastify's own handler writes plain JSON.
 */
export function problemClientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, detail } = CLIENT_ERRORS[error.code ?? ''] ?? {
    status: 400,
    detail: 'the request is not valid HTTP',
  };
  const body = JSON.stringify(
    problemForStatus(status, detail, { instance: '', requestId: randomUUID() }),
  );
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
