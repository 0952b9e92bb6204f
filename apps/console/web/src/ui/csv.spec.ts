import { csvField, toCsv } from './csv';

describe('CSV downloads of the dashboard', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [42, '42'],
    [-3.5, '-3.5'],
    [null, ''],
  ])('writes %p as %p', (value, written) => {
    expect(csvField(value)).toBe(written);
  });

  it.each(['=HYPERLINK("http://evil.example")', '+1+1', '-2+3', '@SUM(A1)'])(
    'keeps %p a text a spreadsheet will not run as a formula',
    (value) => {
      expect(csvField(value).replace(/^"/, '')).toMatch(/^'/);
    },
  );

  it('ends every row, the header first, with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 'x']])).toBe('a,b\r\n1,x\r\n');
  });
});
