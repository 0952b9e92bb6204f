import { ExpiringCache } from './expiring-cache';

describe('ExpiringCache', () => {
  afterEach(() => jest.useRealTimers());

  it('loads once per key while fresh, again once the entry expired', async () => {
    jest.useFakeTimers({ now: 0 });
    const cache = new ExpiringCache<string, number>(1_000);
    let loads = 0;
    const load = () => Promise.resolve((loads += 1));
    await expect(Promise.all([cache.get('a', load), cache.get('a', load)])).resolves.toEqual([
      1, 1,
    ]);
    jest.setSystemTime(999);
    await expect(cache.get('a', load)).resolves.toBe(1);
    jest.setSystemTime(1_000);
    await expect(cache.get('a', load)).resolves.toBe(2);
  });

  it('keeps no failed load, forgets on request, and makes room past its size', async () => {
    const cache = new ExpiringCache<string, string>(60_000, 2);
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(cache.get('a', () => Promise.resolve('up'))).resolves.toBe('up');
    cache.forget('a');
    await expect(cache.get('a', () => Promise.resolve('again'))).resolves.toBe('again');
    await cache.get('b', () => Promise.resolve('b'));
    await cache.get('c', () => Promise.resolve('c'));
    await expect(cache.get('a', () => Promise.resolve('reloaded'))).resolves.toBe('reloaded');
  });
});
