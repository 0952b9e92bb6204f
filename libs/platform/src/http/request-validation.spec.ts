import { MAX_INPUT_DEPTH, unstorableInputProblems } from './request-validation';

describe('unstorableInputProblems', () => {
  it('accepts ordinary input', () => {
    expect(unstorableInputProblems({ reason: 'goodwill', lines: [{ sku: 'A', n: 1 }] })).toEqual(
      [],
    );
  });

  it('names a NUL character by its dotted path, however deep in arrays', () => {
    expect(unstorableInputProblems({ lines: [{ sku: 'A' }, { sku: 'B\u0000' }] })).toEqual([
      { field: 'lines.1.sku', detail: 'lines.1.sku must not contain a NUL character' },
    ]);
    expect(unstorableInputProblems({ ['a\u0000']: 1 })).toHaveLength(1);
  });

  it('refuses nesting past the limit without a stack to exhaust', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 100_000; level += 1) deep = { a: deep };
    const problems = unstorableInputProblems(deep);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.detail).toBe(`nested deeper than ${MAX_INPUT_DEPTH} levels`);
    let shallow: unknown = 'leaf';
    for (let level = 0; level < MAX_INPUT_DEPTH; level += 1) shallow = [shallow];
    expect(unstorableInputProblems(shallow)).toEqual([]);
  });
});
