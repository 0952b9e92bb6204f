import { canTransition, CardStatus } from './card';

describe('the card lifecycle', () => {
  const all = Object.values(CardStatus);
  const allowed = new Set([
    'issued→active',
    'issued→blocked',
    'active→blocked',
    'active→replaced',
    'blocked→replaced',
  ]);

  it.each(all.flatMap((from) => all.map((to) => [from, to] as const)))(
    '%s → %s is allowed only where the lifecycle says',
    (from, to) => {
      expect(canTransition(from, to)).toBe(allowed.has(`${from}→${to}`));
    },
  );
});
