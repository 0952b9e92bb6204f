import { DEFAULT_POINT_LIMITS, JournalTransactionKind } from '@loyalty/domain';
import {
  at,
  contextAt,
  member,
  RULES,
  program,
  system,
  expectBalanced,
  answerOf,
} from '../journal-plan.fixtures';
import fc from 'fast-check';
import { freshCampaignAllowances, planPurchase } from './purchase.plan';

describe('the plan of a purchase (no database)', () => {
  it('credits a purchase as a pending lot against the points issued, with its events in order', () => {
    const plan = planPurchase(
      {
        program,
        purchase: {
          member: { cardNumber: '1' },
          storeId: 'store',
          receiptId: 'r-1',
          amountMinor: 4_250,
          currency: 'EUR',
          occurredAt: at(-1),
          lines: [],
        },
        ruleSet: {
          id: 'rules',
          programId: 'program',
          version: 3,
          effectiveFrom: at(-100),
          rules: RULES,
          createdAt: at(-100),
        },
        recordedAs: 'live',
        actor: { kind: 'pos-terminal', id: 'till' },
        member: { cardId: 'card', tier: null },
        tierMultiplierBp: undefined,
        points: member('m', [], 0),
        campaigns: freshCampaignAllowances(),
      },
      contextAt(),
    );
    expectBalanced(plan);
    const [earn] = plan.journals;
    expect(earn).toMatchObject({
      kind: JournalTransactionKind.PurchaseEarn,
      entries: [
        { accountId: 'account:m', points: 42 },
        { accountId: 'program:points_issued', points: -42 },
      ],
    });
    expect(earn!.newLots).toEqual([
      expect.objectContaining({ accountId: 'account:m', amount: 42, availableFrom: at(14) }),
    ]);
    expect(plan.events.map((event) => event.type)).toEqual(['purchase.recorded', 'points.earned']);
    expect(plan.records?.purchases?.[0]).toMatchObject({ receiptId: 'r-1', pointsEarned: 42 });
    expect(plan.balancesOf).toEqual(['account:m']);
    expect(plan.answer(() => ({ available: 7, pending: 42 }))).toMatchObject({
      points: 42,
      earningRulesVersion: 3,
      pendingUntil: at(14).toISOString(),
      balance: { available: 7, pending: 42 },
    });
  });

  it('books points already past their expiry straight to the expired account, the balance unmoved', () => {
    const plan = planPurchase(
      {
        program: { ...program, pointLimits: { ...DEFAULT_POINT_LIMITS, offlineWindowDays: 3650 } },
        purchase: {
          member: { memberId: 'm' },
          storeId: 'store',
          receiptId: 'r-old',
          amountMinor: 1_000,
          currency: 'EUR',
          occurredAt: at(-400),
          lines: [],
        },
        ruleSet: {
          id: 'rules',
          programId: 'program',
          version: 1,
          effectiveFrom: at(-1000),
          rules: RULES,
          createdAt: at(-1000),
        },
        recordedAs: 'history',
        actor: system,
        member: { cardId: null, tier: null },
        tierMultiplierBp: undefined,
        points: member('m', [], 0),
        campaigns: freshCampaignAllowances(),
      },
      contextAt(),
    );
    expectBalanced(plan);
    expect(plan.journals.map((journal) => journal.kind)).toEqual([
      JournalTransactionKind.PurchaseEarn,
      JournalTransactionKind.Expiry,
    ]);
    const lotId = plan.journals[0]!.newLots![0]!.id;
    expect(plan.journals.flatMap((journal) => journal.lotMovements ?? [])).toEqual([
      { lotId, points: 10 },
      { lotId, points: -10 },
    ]);
    expect(plan.events.map((event) => event.type)).toEqual([
      'points.expired',
      'purchase.recorded',
      'points.earned',
    ]);
    expect(answerOf(plan)).toMatchObject({ points: 10, pointsExpired: 10 });
  });

  it('never spends a campaign past its budget, however a batch of purchases splits it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 80 }),
        fc.array(fc.integer({ min: 100, max: 20_000 }), { minLength: 1, maxLength: 30 }),
        (budgetPoints, bonusPoints, amounts) => {
          const rules = {
            ...RULES,
            campaigns: [
              {
                code: 'launch',
                startsAt: at(-2),
                endsAt: at(2),
                multiplierBp: 15000,
                bonusPoints,
                categories: [],
                budgetPoints,
                perMemberLimit: null,
              },
            ],
          };
          // One batch: the plans share what the campaign has spent.
          const allowances = { spent: new Map([['launch', 0]]), memberPoints: new Map() };
          const credited = amounts.map((amountMinor, n) => {
            const plan = planPurchase(
              {
                program,
                purchase: {
                  member: { memberId: `m-${n}` },
                  storeId: 'store',
                  receiptId: `r-${n}`,
                  amountMinor,
                  currency: 'EUR',
                  occurredAt: at(-1),
                  lines: [],
                },
                ruleSet: {
                  id: 'rules',
                  programId: 'program',
                  version: 4,
                  effectiveFrom: at(-10),
                  rules,
                  createdAt: at(-10),
                },
                recordedAs: 'live',
                actor: system,
                member: { cardId: null, tier: null },
                tierMultiplierBp: undefined,
                points: member(`m-${n}`, [], 0),
                campaigns: allowances,
              },
              contextAt(),
            );
            const credits = plan.records?.campaignCredits ?? [];
            const line = answerOf(plan).breakdown.find((each) => each.rule === 'campaign');
            expect(credits.reduce((sum, credit) => sum + credit.points, 0)).toBe(line?.points ?? 0);
            return line?.points ?? 0;
          });
          const total = credited.reduce((sum, points) => sum + points, 0);
          expect(total).toBeLessThanOrEqual(budgetPoints);
          expect(allowances.spent.get('launch')).toBe(total);
          // It stops only when the budget could not give a purchase its whole bonus.
          const uncapped = amounts.map(
            (amountMinor) => Math.floor(amountMinor / 100 / 2) + bonusPoints,
          );
          const wanted = uncapped.reduce((sum, points) => sum + points, 0);
          expect(total).toBe(Math.min(wanted, budgetPoints));
        },
      ),
    );
  });
});
