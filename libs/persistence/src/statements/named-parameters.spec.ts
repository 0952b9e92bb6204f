import { bindNamed } from './named-parameters';

describe('bindNamed', () => {
  it('numbers names in order of first use, reusing a repeated one, and leaves casts alone', () => {
    const [text, parameters] = bindNamed(
      'SELECT * FROM unnest(:ids::uuid[], :points::bigint[]) WHERE a = :ids AND b > :since',
      { since: 'yesterday', points: [1], ids: ['x'] },
    );
    expect(text).toBe('SELECT * FROM unnest($1::uuid[], $2::bigint[]) WHERE a = $1 AND b > $3');
    expect(parameters).toEqual([['x'], [1], 'yesterday']);
  });

  it('refuses a name without a value and a value without a use', () => {
    expect(() => bindNamed('SELECT :a, :b', { a: 1 })).toThrow("the statement's :b has no value");
    expect(() => bindNamed('SELECT :a', { a: 1, c: 2 })).toThrow(
      'values the statement never uses: c',
    );
  });

  it('does not read a time literal or a cast as a name', () => {
    const [text, parameters] = bindNamed("SELECT now()::date, '12:30'::time, x::text[]", {});
    expect(text).toBe("SELECT now()::date, '12:30'::time, x::text[]");
    expect(parameters).toEqual([]);
  });
});
