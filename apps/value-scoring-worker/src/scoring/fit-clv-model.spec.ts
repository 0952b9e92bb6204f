import { promotionRefusal } from './fit-clv-model.use-case';

describe('promotionRefusal', () => {
  const fit = {
    converged: true,
    parametersValid: true,
    holdoutError: 0.1,
    currentHoldoutError: 0.08,
  };

  it('promotes a first model and one about as good as the current', () => {
    expect(promotionRefusal({ ...fit, currentHoldoutError: null })).toBeNull();
    expect(promotionRefusal(fit)).toBeNull();
    expect(promotionRefusal({ ...fit, holdoutError: 0.169 })).toBeNull();
  });

  it.each([
    [{ converged: false }, 'did not converge'],
    [{ parametersValid: false }, 'not finite and positive'],
    [{ holdoutError: 0.18 }, "holdout error 18.0% against the current model's 8.0%"],
  ])('refuses %j: %s', (change, reason) => {
    expect(promotionRefusal({ ...fit, ...change })).toContain(reason);
  });
});
