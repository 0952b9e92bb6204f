import type { Queue } from 'bullmq';
import { jobNamesOf, QueueName, routesTo } from './queues';
import { TypedQueue } from './typed-queue';

/** Never reached: the route is checked before the queue is touched. */
const queueNamed = (name: string) =>
  ({
    name,
    add: () => Promise.reject(new Error('the job reached Redis')),
  }) as unknown as Queue;

describe('jobs routed by their contract', () => {
  it('routes each job name to its one queue, and nothing else', () => {
    expect(jobNamesOf(QueueName.LedgerMaintenance)).toEqual([
      'expire-points',
      'release-holds',
      'expire-vouchers',
      'settle-referrals',
      'reconcile-scores',
      'sweep-outbox',
    ]);
    expect(jobNamesOf('emails')).toEqual([]);
    expect(routesTo('score-member', QueueName.ValueScoring)).toBe(true);
    expect(routesTo('score-member', QueueName.Webhooks)).toBe(false);
    // A name that only the object's prototype knows is no job.
    expect(routesTo('toString', QueueName.ValueScoring)).toBe(false);
  });

  it('refuses, before Redis, a job that a cast smuggled onto another queue', async () => {
    const webhooks = new TypedQueue<QueueName.Webhooks>(queueNamed(QueueName.Webhooks));
    expect(() => webhooks.add('score-member' as 'deliver-webhook', {} as never)).toThrow(
      'job score-member belongs on queue value-scoring, not webhooks',
    );
    expect(() => webhooks.add('constructor' as 'deliver-webhook', {} as never)).toThrow(
      'job constructor belongs on queue (none: no such job), not webhooks',
    );
    await expect(webhooks.add('deliver-webhook', {} as never)).rejects.toThrow(
      'the job reached Redis',
    );
  });
});
