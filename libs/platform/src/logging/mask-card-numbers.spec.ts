import { maskCardNumbers } from './logging.module';

describe('maskCardNumbers', () => {
  it('keeps only the last four digits of a card number in a URL', () => {
    expect(maskCardNumbers('/v1/cards/6280001005353834179?x=1')).toBe('/v1/cards/****4179?x=1');
  });

  it('leaves ids, short numbers and UUIDs alone', () => {
    const url = '/v1/members/a49b1254-df4f-4307-9cfb-45358c1f5e9c/cards?limit=100';
    expect(maskCardNumbers(url)).toBe(url);
  });
});
