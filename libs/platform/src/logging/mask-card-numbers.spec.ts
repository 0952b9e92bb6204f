import { maskCardNumbers, maskPersonalData } from './logging.module';

describe('maskCardNumbers', () => {
  it('keeps only the last four digits of a card number in a URL', () => {
    expect(maskCardNumbers('/v1/cards/6280001005353834179?x=1')).toBe('/v1/cards/****4179?x=1');
  });

  it('leaves ids, short numbers and UUIDs alone', () => {
    const url = '/v1/members/a49b1254-df4f-4307-9cfb-45358c1f5e9c/cards?limit=100';
    expect(maskCardNumbers(url)).toBe(url);
  });
});

describe('maskPersonalData', () => {
  it.each([
    ['/v1/members?email=ada%40example.com', '/v1/members?email=[redacted]'],
    ['/v1/members?phone=%2B31612345678&limit=5', '/v1/members?phone=[redacted]&limit=5'],
    ['/v1/members?contact=ada@example.com', '/v1/members?contact=[redacted]'],
    ['/v1/cards/6280001005353834179?email=', '/v1/cards/****4179?email='],
    [
      '/v1/members/a49b1254-df4f-4307-9cfb-45358c1f5e9c?limit=1',
      '/v1/members/a49b1254-df4f-4307-9cfb-45358c1f5e9c?limit=1',
    ],
    ['/v1/vouchers/K7QM-2XHD-9RAT-PW4N-E/redemption', '/v1/vouchers/[redacted]/redemption'],
    ['/v1/vouchers/k7qm2xhd9ratpw4ne', '/v1/vouchers/[redacted]'],
    [
      '/v1/me/vouchers/a49b1254-df4f-4307-9cfb-45358c1f5e9c/barcode.svg',
      '/v1/me/vouchers/a49b1254-df4f-4307-9cfb-45358c1f5e9c/barcode.svg',
    ],
  ])('writes %s as %s', (url, logged) => {
    expect(maskPersonalData(url)).toBe(logged);
  });
});
