import { Injectable } from '@nestjs/common';
import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane), computed by Node's own
 * crypto module off the event loop. Hashes are PHC strings, so parameters can be raised later
 * and old hashes still verify. See docs/decisions/0004-authentication.md.
 */
const PARAMETERS = { memory: 19 * 1024, passes: 2, parallelism: 1 } as const;
const TAG_LENGTH = 32;
const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

const derive = (
  password: string,
  salt: Buffer,
  parameters: { memory: number; passes: number; parallelism: number },
  tagLength: number,
): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    argon2(
      'argon2id',
      { message: password, nonce: salt, tagLength, ...parameters },
      (error, derived) => (error ? reject(error) : resolve(derived)),
    );
  });

const base64 = (buffer: Buffer): string => buffer.toString('base64').replace(/=+$/, '');

@Injectable()
export class PasswordHasher {
  /** A hash of nothing anyone knows: verified against when the account does not exist, so that
   * an unknown email takes as long to refuse as a wrong password. */
  private readonly decoy: Promise<string> = this.hash(randomBytes(16).toString('hex'));

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const tag = await derive(password, salt, PARAMETERS, TAG_LENGTH);
    const { memory, passes, parallelism } = PARAMETERS;
    return `$argon2id$v=19$m=${memory},t=${passes},p=${parallelism}$${base64(salt)}$${base64(tag)}`;
  }

  async verify(password: string, phc: string | null): Promise<boolean> {
    const match = PHC.exec(phc ?? (await this.decoy));
    if (!match) return false;
    const [, memory, passes, parallelism, salt, tag] = match;
    const expected = Buffer.from(tag!, 'base64');
    const actual = await derive(
      password,
      Buffer.from(salt!, 'base64'),
      { memory: Number(memory), passes: Number(passes), parallelism: Number(parallelism) },
      expected.length,
    );
    return phc !== null && timingSafeEqual(actual, expected);
  }
}
