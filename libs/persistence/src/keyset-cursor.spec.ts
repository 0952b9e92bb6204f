import { DomainError, DomainErrorCode } from '@loyalty/domain';
import fc from 'fast-check';
import { decodeCursor, encodeCursor } from './keyset-cursor';

describe('keyset cursors', () => {
  it('decode to the key they were made from, for any key', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), (key) => {
        expect(decodeCursor(encodeCursor(key), key.length)).toEqual(key);
      }),
    );
  });

  it('are URL-safe', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1 }), (key) => {
        expect(encodeCursor(key)).toMatch(/^[A-Za-z0-9_-]*$/);
      }),
    );
  });

  it.each([
    ['not base64 JSON', 'bm90IGpzb24'],
    ['the wrong length', encodeCursor(['a'])],
    ['not strings', Buffer.from('[1,2]').toString('base64url')],
    ['an object', Buffer.from('{"a":1}').toString('base64url')],
  ])('refuse a cursor that is %s, naming the cursor field', (_, cursor) => {
    let caught: unknown;
    try {
      decodeCursor(cursor, 2);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ code: DomainErrorCode.InvalidCursor, field: 'cursor' });
  });
});
