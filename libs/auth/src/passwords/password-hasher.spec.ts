import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('stores argon2id in PHC format with a fresh salt each time', async () => {
    const [first, second] = await Promise.all([
      hasher.hash('correct horse battery staple'),
      hasher.hash('correct horse battery staple'),
    ]);
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(first).not.toBe(second);
  });

  it('verifies the right password only', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    await expect(hasher.verify('correct horse battery staple', hash)).resolves.toBe(true);
    await expect(hasher.verify('Correct horse battery staple', hash)).resolves.toBe(false);
  });

  it('refuses any password when there is no account, or the hash is malformed', async () => {
    await expect(hasher.verify('anything', null)).resolves.toBe(false);
    await expect(hasher.verify('anything', '$2b$10$notargon')).resolves.toBe(false);
  });
});
