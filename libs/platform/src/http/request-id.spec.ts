import type { IncomingMessage } from 'node:http';
import { requestIdOf } from './request-id';

const withHeader = (value?: string | string[]) =>
  ({ headers: value === undefined ? {} : { 'x-request-id': value } }) as IncomingMessage;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdOf', () => {
  it.each(['pos-17', 'till-7.receipt-42', 'a:b_c', 'x'.repeat(128)])(
    'keeps the caller’s %s',
    (id) => {
      expect(requestIdOf(withHeader(id))).toBe(id);
    },
  );

  it.each([undefined, '', 'x'.repeat(129), 'with space', 'line\nbreak', '"quoted"', '{json}'])(
    'replaces %j with a new UUID',
    (id) => {
      expect(requestIdOf(withHeader(id))).toMatch(UUID);
    },
  );

  it('takes the first of repeated headers', () => {
    expect(requestIdOf(withHeader(['first', 'second']))).toBe('first');
  });
});
