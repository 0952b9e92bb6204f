import fc from 'fast-check';
import { mintOpaqueToken, parseOpaqueToken, secretMatches } from './opaque-token';

describe('opaque tokens', () => {
  it('parse back to their id and a secret that matches the stored hash', () => {
    fc.assert(
      fc.property(fc.constantFrom('pos', 'rt'), (kind) => {
        const minted = mintOpaqueToken(kind);
        const parsed = parseOpaqueToken(kind, minted.token);
        expect(parsed?.id).toBe(minted.id);
        expect(secretMatches(parsed!.secret, minted.secretHash)).toBe(true);
      }),
    );
  });

  it('never parse as another kind, nor when altered', () => {
    const minted = mintOpaqueToken('pos');
    expect(parseOpaqueToken('rt', minted.token)).toBeNull();
    expect(parseOpaqueToken('pos', `${minted.token}x`)).toBeNull();
    expect(parseOpaqueToken('pos', minted.token.replace('pos_', 'pos_z'))).toBeNull();
    const parsed = parseOpaqueToken('pos', minted.token)!;
    const flipped = `${parsed.secret.slice(0, -1)}${parsed.secret.endsWith('A') ? 'B' : 'A'}`;
    expect(secretMatches(flipped, minted.secretHash)).toBe(false);
  });
});
