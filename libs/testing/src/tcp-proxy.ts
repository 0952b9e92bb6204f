import { createServer, type Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL or Redis that a test can cut (every connection dropped, new
 * ones reset: the service looks unreachable) or hold (bytes are kept back, connections staying
 * open: the service looks hung), then restore. It fakes no protocol: the app talks to the real
 * server through it. While held it counts what the app sent, so a test can wait until a query
 * is really in flight.
 */
export class TcpProxy {
  private readonly server: Server;
  private readonly pairs = new Set<[Socket, Socket]>();
  private state: 'open' | 'cut' | 'held' | 'replies-held' = 'open';
  private held: Array<[Socket, Buffer]> = [];
  private holdAfterMarker: string | undefined;
  /** Bytes the app sent to the server while the proxy held them. */
  heldBytesFromApp = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = createServer((client) => this.accept(client));
  }

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('the proxy is not listening');
    return address.port;
  }

  /** Whether bytes are being held back now. */
  get holding(): boolean {
    return this.state === 'held';
  }

  /** Drops every connection and resets new ones until restore(). */
  cut(): void {
    this.state = 'cut';
    this.held = [];
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  /** Keeps back every byte in both directions, connections staying open, until restore(). */
  hold(): void {
    this.state = 'held';
    this.heldBytesFromApp = 0;
  }

  /**
   * Lets the app's bytes through but keeps back the server's, until restore(): the server does
   * the work and its answer never arrives (a test can then kill it before it is ever answered).
   */
  holdReplies(): void {
    this.state = 'replies-held';
  }

  /**
   * Holds (as hold()) from the moment the server's bytes carrying `marker` have reached the app:
   * a test can make a service hang at an exact point of a conversation, say right after the
   * handshake's reply.
   */
  holdAfterServerSends(marker: string): void {
    this.holdAfterMarker = marker;
  }

  restore(): void {
    this.holdAfterMarker = undefined;
    this.state = 'open';
    for (const [destination, chunk] of this.held) {
      if (!destination.destroyed) destination.write(chunk);
    }
    this.held = [];
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(chunk: Buffer, destination: Socket, fromApp: boolean): void {
    if (this.state === 'held' || (this.state === 'replies-held' && !fromApp)) {
      this.held.push([destination, chunk]);
      if (fromApp) this.heldBytesFromApp += chunk.length;
      return;
    }
    destination.write(chunk);
    if (!fromApp && this.holdAfterMarker && chunk.includes(this.holdAfterMarker)) {
      this.holdAfterMarker = undefined;
      this.hold();
    }
  }

  private accept(client: Socket): void {
    if (this.state === 'cut') {
      client.resetAndDestroy();
      return;
    }
    const upstream = new Socket();
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const drop = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk: Buffer) => this.forward(chunk, upstream, true));
    upstream.on('data', (chunk: Buffer) => this.forward(chunk, client, false));
    upstream.connect(this.targetPort, this.targetHost);
  }
}
