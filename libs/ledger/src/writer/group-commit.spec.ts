import fc from 'fast-check';
import { GroupCommit, type Settled } from './group-commit';

interface Item {
  readonly id: number;
  readonly keys: readonly string[];
  readonly refused: boolean;
}

const itemsArbitrary = fc.array(
  fc.record({
    keys: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 3 }),
    refused: fc.boolean(),
  }),
  { minLength: 1, maxLength: 60 },
);

describe('GroupCommit', () => {
  it('answers every item once, keeps conflicting items apart and in order, and fails only the refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        itemsArbitrary,
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 4 }),
        fc.infiniteStream(fc.integer({ min: 0, max: 3 })),
        async (specs, maxBatch, maxInFlight, turnsToWait) => {
          // Each batch is written over a random number of event-loop turns, so batches in flight
          // finish in any order.
          const batches: { items: Item[]; started: number; finished: number }[] = [];
          let clock = 0;
          let inFlight = 0;
          const written = new Map<number, number>();
          const group = new GroupCommit<Item, number>({
            maxBatch,
            maxInFlight,
            conflictKeysOf: (item) => item.keys,
            write: async (items) => {
              const batch = { items: [...items], started: (clock += 1), finished: Infinity };
              batches.push(batch);
              inFlight += 1;
              expect(inFlight).toBeLessThanOrEqual(maxInFlight);
              for (let turn = turnsToWait.next().value as number; turn >= 0; turn -= 1) {
                await new Promise((resolve) => setImmediate(resolve));
              }
              inFlight -= 1;
              batch.finished = clock += 1;
              return items.map((item): Settled<number> => {
                written.set(item.id, (written.get(item.id) ?? 0) + 1);
                return item.refused
                  ? { ok: false, error: new Error(`refused ${item.id}`) }
                  : { ok: true, value: item.id * 10 };
              });
            },
          });
          const items = specs.map((spec, id) => ({ id, ...spec }));
          const answers = await Promise.allSettled(items.map((item) => group.submit(item)));

          answers.forEach((answer, id) => {
            if (items[id]!.refused) {
              expect(answer).toEqual({ status: 'rejected', reason: new Error(`refused ${id}`) });
            } else {
              expect(answer).toEqual({ status: 'fulfilled', value: id * 10 });
            }
            expect(written.get(id)).toBe(1);
          });
          const batchOf = new Map<number, (typeof batches)[number]>();
          for (const batch of batches) {
            expect(batch.items.length).toBeLessThanOrEqual(maxBatch);
            const keys = batch.items.flatMap((item) => item.keys);
            expect(new Set(keys).size).toBe(keys.length);
            for (const item of batch.items) batchOf.set(item.id, batch);
          }
          // Of two items sharing a key, the later one's batch starts after the earlier one's
          // has committed.
          for (const first of items) {
            for (const later of items.slice(first.id + 1)) {
              if (first.keys.some((key) => later.keys.includes(key))) {
                expect(batchOf.get(first.id)!.finished).toBeLessThan(
                  batchOf.get(later.id)!.started,
                );
              }
            }
          }
          await group.drained();
        },
      ),
    );
  });

  it('writes several batches at once, up to maxInFlight', async () => {
    const held: (() => void)[] = [];
    let holding = true;
    const group = new GroupCommit<number, number>({
      maxBatch: 2,
      maxInFlight: 3,
      conflictKeysOf: () => [],
      write: async (items) => {
        if (holding) await new Promise<void>((resolve) => held.push(resolve));
        return items.map((value) => ({ ok: true, value }));
      },
    });
    const answers = Promise.all(Array.from({ length: 10 }, (_, index) => group.submit(index)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(held).toHaveLength(3);
    holding = false;
    for (const release of held) release();
    await expect(answers).resolves.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await group.drained();
  });

  it('takes what arrives while a batch is being written into the next one', async () => {
    const sizes: number[] = [];
    let release: () => void = () => undefined;
    const group = new GroupCommit<number, number>({
      maxBatch: 100,
      maxInFlight: 1,
      conflictKeysOf: () => [],
      write: async (items) => {
        sizes.push(items.length);
        if (sizes.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return items.map((value) => ({ ok: true, value }));
      },
    });
    const first = group.submit(0);
    await new Promise((resolve) => setImmediate(resolve));
    const meanwhile = Array.from({ length: 20 }, (_, index) => group.submit(index + 1));
    release();
    await expect(Promise.all([first, ...meanwhile])).resolves.toHaveLength(21);
    expect(sizes).toEqual([1, 20]);
  });

  it('answers a whole batch with the error when its write throws', async () => {
    const group = new GroupCommit<number, number>({
      maxBatch: 10,
      maxInFlight: 1,
      conflictKeysOf: () => [],
      write: () => Promise.reject(new Error('connection lost')),
    });
    const answers = await Promise.allSettled([group.submit(1), group.submit(2)]);
    expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected']);
  });
});
