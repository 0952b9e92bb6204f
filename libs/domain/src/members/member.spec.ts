import { normaliseEmail, normalisePhone } from './member';

describe('member contact details', () => {
  it('compares emails without case or surrounding blanks', () => {
    expect(normaliseEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
  });

  it.each([
    ['+31 6 12345678', null, '+31612345678'],
    ['06-12345678', 'NL', '+31612345678'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['+44 20 7946 0958', 'NL', '+442079460958'],
  ])('writes %s (program country %s) as %s', (input, region, e164) => {
    expect(normalisePhone(input, region)).toBe(e164);
  });

  it.each([
    ['a national number without a program country', '0612345678', null],
    ['too few digits', '+31 6 123', 'NL'],
    ['not a number', 'call me', 'NL'],
  ])('refuses %s', (_, input, region) => {
    expect(normalisePhone(input, region)).toBeNull();
  });
});
