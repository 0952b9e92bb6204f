import { createFormats, interpolate, localeOfTag } from './formats';
import { MESSAGES_EN } from './messages.en';
import { MESSAGES_FR } from './messages.fr';

describe('languages and formats', () => {
  it('has every English message in French, with the same placeholders', () => {
    for (const [key, english] of Object.entries(MESSAGES_EN)) {
      const french = (MESSAGES_FR as Record<string, string>)[key];
      expect([key, typeof french]).toEqual([key, 'string']);
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect([key, names(french!)]).toEqual([key, names(english)]);
    }
  });

  it('fills placeholders and leaves unknown ones as written', () => {
    expect(interpolate('{count} found, {other}', { count: 3 })).toBe('3 found, {other}');
  });

  it.each([
    ['fr', 'fr'],
    ['fr-BE', 'fr'],
    ['en-GB', 'en'],
    ['nl', undefined],
    [undefined, undefined],
  ])('reads the language of %p as %p', (tag, locale) => {
    expect(localeOfTag(tag)).toBe(locale);
  });

  it('formats money in the program’s currency and dates in its time zone, by language', () => {
    const french = createFormats('fr', { currency: 'EUR', timeZone: 'Europe/Paris' });
    const english = createFormats('en', { currency: 'EUR', timeZone: 'Europe/Paris' });
    expect(french.money(123_456).replace(/\s/g, ' ')).toBe('1 234,56 €');
    expect(english.money(123_456)).toBe('€1,234.56');
    // 23:30 UTC on the 31st is already the 1st in Paris.
    expect(french.date('2026-12-31T23:30:00Z')).toBe('1 janv. 2027');
    expect(english.minor(12.5)).toBe(1250);
    const yen = createFormats('en', { currency: 'JPY', timeZone: 'Asia/Tokyo' });
    expect(yen.money(1_500)).toBe('JP¥1,500');
    expect(yen.minor(1_500)).toBe(1_500);
  });
});
