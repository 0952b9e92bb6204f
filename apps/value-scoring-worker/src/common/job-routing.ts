import { type JobName, jobNamesOf, QueueName, routesTo } from '@loyalty/messaging';
import { BullRegistrar } from '@nestjs/bullmq';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JobProcessor } from './job-processor';

/** A processor as the routing check sees it: its class, its queue and the jobs it handles. */
export interface RoutedProcessor {
  readonly processor: string;
  readonly queue: string;
  readonly handles: readonly string[];
}

/**
 * What is wrong with the routing of jobs to processors, one line each; empty when every queue has
 * exactly one processor and every job name of the contract exactly one handler. A queue without
 * a processor keeps its jobs waiting for ever; two processors of one queue split its jobs between
 * them at random; a job without a handler fails each time it is taken.
 */
export function jobRoutingProblems(processors: readonly RoutedProcessor[]): string[] {
  const problems: string[] = [];
  const queues = new Set<string>(Object.values(QueueName));
  for (const queue of queues) {
    const serving = processors.filter((processor) => processor.queue === queue);
    if (serving.length === 0) problems.push(`queue ${queue} has no processor`);
    if (serving.length > 1) {
      problems.push(
        `queue ${queue} has ${serving.length} processors (${serving
          .map((processor) => processor.processor)
          .sort()
          .join(', ')}); it needs one`,
      );
    }
  }
  for (const { processor, queue, handles } of processors) {
    if (!queues.has(queue)) {
      problems.push(`${processor} processes queue ${queue}, which is not a queue of the system`);
      continue;
    }
    for (const job of jobNamesOf(queue)) {
      if (!handles.includes(job)) problems.push(`${processor} has no handler for job ${job}`);
    }
    for (const job of handles) {
      if (!routesTo(job, queue)) {
        problems.push(`${processor} handles ${job}, which is not a job of queue ${queue}`);
      }
    }
  }
  return problems;
}

/**
 * Checks the routing before any worker takes a job, and only then starts the workers (BullMQ's
 * registration is manual in the worker, see MessagingModule): a worker whose jobs would be
 * dropped or split refuses to start and names the fault.
 */
@Injectable()
export class JobRoutingCheck implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly registrar: BullRegistrar,
  ) {}

  /** At module init, so that the workers exist before any processor's bootstrap sets them up. */
  onModuleInit(): void {
    const problems = jobRoutingProblems(this.processors());
    if (problems.length > 0) {
      throw new Error(`the worker's job routing is wrong: ${problems.join('; ')}`);
    }
    this.registrar.register();
  }

  private processors(): RoutedProcessor[] {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is JobProcessor<JobName> => instance instanceof JobProcessor)
      .map((processor) => ({
        processor: processor.constructor.name,
        queue: processor.queueName,
        handles: processor.handledJobs(),
      }));
  }
}
