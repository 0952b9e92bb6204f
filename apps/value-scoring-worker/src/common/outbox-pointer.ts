import type { OutboxEvent, OutboxRepository } from '@loyalty/persistence';
import { UnrecoverableError } from 'bullmq';

/**
 * A job that carries a ledger event is only a pointer: what is acted on, signed and delivered is
 * what the ledger wrote under that id for that program. A job forged into Redis fails at once.
 */
export async function eventOfOutbox(
  outbox: OutboxRepository,
  pointer: { readonly outboxId: string; readonly programId: string },
): Promise<OutboxEvent> {
  const event = await outbox.find(pointer.outboxId);
  if (!event || event.programId !== pointer.programId) {
    throw new UnrecoverableError('not an event of the ledger’s outbox');
  }
  return event;
}
