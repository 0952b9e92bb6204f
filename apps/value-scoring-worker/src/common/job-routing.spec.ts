import { jobNamesOf, QueueName } from '@loyalty/messaging';
import { jobRoutingProblems, type RoutedProcessor } from './job-routing';

/** One processor per queue, each handling exactly its queue's jobs: the worker as it must be. */
const routed = (): RoutedProcessor[] =>
  Object.values(QueueName).map((queue) => ({
    processor: `${queue}-processor`,
    queue,
    handles: jobNamesOf(queue),
  }));

describe('the routing of jobs to processors', () => {
  it('accepts one processor per queue handling every job of its queue', () => {
    expect(jobRoutingProblems(routed())).toEqual([]);
  });

  it('names a queue nobody processes', () => {
    const processors = routed().filter((processor) => processor.queue !== 'webhooks');
    expect(jobRoutingProblems(processors)).toEqual(['queue webhooks has no processor']);
  });

  it('names the processors of a queue processed twice', () => {
    const processors = [
      ...routed(),
      { processor: 'SecondProbe', queue: QueueName.Diagnostics, handles: ['queue-probe'] },
    ];
    expect(jobRoutingProblems(processors)).toEqual([
      'queue diagnostics has 2 processors (SecondProbe, diagnostics-processor); it needs one',
    ]);
  });

  it('names a job without a handler, a handler of another queue and an unknown queue', () => {
    const processors = routed().map((processor) =>
      processor.queue === 'ledger-maintenance'
        ? {
            ...processor,
            handles: [
              'expire-points',
              'release-holds',
              'expire-vouchers',
              'settle-referrals',
              'sweep-outbox',
              'score-member',
            ],
          }
        : processor,
    );
    processors.push({ processor: 'Stray', queue: 'emails', handles: [] });
    expect(jobRoutingProblems(processors)).toEqual([
      'ledger-maintenance-processor has no handler for job reconcile-scores',
      'ledger-maintenance-processor handles score-member, which is not a job of queue ledger-maintenance',
      'Stray processes queue emails, which is not a queue of the system',
    ]);
  });
});
