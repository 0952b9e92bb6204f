import { bullPrefix, QueueName } from '@loyalty/messaging';
import type { RedisConfig } from '@loyalty/config';
import { Queue, QueueEvents } from 'bullmq';

/**
 * Runs the worker's maintenance jobs now, as their schedules would, and answers their results:
 * for specs that cannot wait minutes for a schedule.
 */
export class MaintenanceJobs {
  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
  ) {}

  static async open(redis: RedisConfig): Promise<MaintenanceJobs> {
    const options = {
      connection: { host: redis.host, port: redis.port, db: redis.db },
      prefix: bullPrefix(redis),
    };
    const events = new QueueEvents(QueueName.LedgerMaintenance, options);
    await events.waitUntilReady();
    return new MaintenanceJobs(new Queue(QueueName.LedgerMaintenance, options), events);
  }

  async run<T>(
    name:
      | 'sweep-outbox'
      | 'reconcile-scores'
      | 'release-holds'
      | 'expire-vouchers'
      | 'settle-referrals',
    data: object,
  ): Promise<T> {
    const job = await this.queue.add(name, { requestedBy: 'jest', ...data });
    return (await job.waitUntilFinished(this.events, 30_000)) as T;
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
  }
}
