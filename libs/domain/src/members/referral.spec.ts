import { canonicalReferralCode, mailboxOf, newReferralCode } from './referral';

describe('referrals', () => {
  it.each([
    ['Ada.Lovelace+shop@Gmail.com', 'adalovelace@gmail.com'],
    ['adalovelace@googlemail.com', 'adalovelace@gmail.com'],
    ['ada.lovelace+news@example.com', 'ada.lovelace@example.com'],
    ['  ADA@EXAMPLE.COM ', 'ada@example.com'],
  ])('reads %s as the mailbox %s', (address, mailbox) => {
    expect(mailboxOf(address)).toBe(mailbox);
  });

  it('keeps dots where the provider does not ignore them', () => {
    expect(mailboxOf('a.da@example.com')).not.toBe(mailboxOf('ada@example.com'));
  });

  it('draws codes of eight unambiguous symbols, read back however they are typed', () => {
    const code = newReferralCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(canonicalReferralCode(` ${code.slice(0, 4).toLowerCase()}-${code.slice(4)} `)).toBe(
      code,
    );
    expect(canonicalReferralCode('oil0-1ab2')).toBe('0110' + '1AB2');
  });
});
