import { loadLoyaltyConfig } from '@loyalty/config';
import { TcpProxy } from '@loyalty/testing';
import { Queue } from 'bullmq';
import { queueOptions } from '@loyalty/messaging';

describe("an HTTP app's queue when Redis stalls as it first connects", () => {
  let proxy: TcpProxy;
  let queue: Queue | undefined;

  beforeEach(async () => {
    const { redis } = loadLoyaltyConfig();
    proxy = await TcpProxy.start(redis.host, redis.port);
  });

  afterEach(async () => {
    // The queue's keys carry the run's prefix, which the suite's teardown deletes.
    await proxy.close();
    await queue?.close();
  });

  it('takes jobs once Redis answers again, instead of failing for good', async () => {
    const { redis } = loadLoyaltyConfig();
    // Redis hangs right after answering the connection's ready check: the moment at which
    // BullMQ's one-time version check would be sent, under the producer's command timeout.
    proxy.holdAfterServerSends('redis_version:');
    queue = new Queue(
      `stall-at-boot-${process.pid}`,
      queueOptions({ ...redis, port: proxy.port }, 'producer', 'loyalty-stall-spec'),
    );
    queue.on('error', () => undefined);

    // While Redis hangs, the queue is connected and ready: nothing it needs is waiting on Redis.
    await queue.waitUntilReady();
    expect(proxy.holding).toBe(true);

    proxy.restore();
    const job = await queue.add('after-the-stall', { at: 'boot' });
    expect(await queue.getJobState(job.id ?? '')).toBe('waiting');
  });
});
