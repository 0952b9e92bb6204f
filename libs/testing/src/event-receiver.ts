import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A webhook endpoint that takes every event and keeps its id, in the order received (a
 * redelivery shows as the same id twice): for specs that count deliveries.
 */
export class EventReceiver {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly received: string[],
  ) {}

  static async start(): Promise<EventReceiver> {
    const received: string[] = [];
    const server = createServer((incoming, response) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string };
        received.push(event.id);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new EventReceiver(server, `http://127.0.0.1:${port}/events`, received);
  }

  /** The distinct event ids received. */
  ids(): Set<string> {
    return new Set(this.received);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
