import { StaffRole } from '@loyalty/domain';
import {
  brokenLedgerRules,
  call,
  createStaffAccount,
  daysAgo,
  enrolMember,
  type EnrolledMember,
  insertRedemptionCode,
  type LedgerWorld,
  ledgerWrite,
  memberBalance,
  memberToken,
  type ProblemBody,
  purchaseOf,
  signInStaff,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { startWorld } from '../points-ledger/ledger-world';

interface MergeAnswer {
  mergeId: string;
  duplicateMemberId: string;
  member: { id: string; email: string | null; phone: string | null };
  transactionId: string | null;
  points: number;
  moved: Record<string, number>;
}
type Problem = ProblemBody & { mergedIntoMemberId?: string };

describe('card-issuance: merging a duplicate member', () => {
  let world: LedgerWorld;
  let otherStoreManager: string;

  beforeAll(async () => {
    world = await startWorld();
    otherStoreManager = await signInStaff(
      world.cardIssuance.baseUrl,
      await createStaffAccount(
        world.dataSource,
        world.program.programId,
        StaffRole.Manager,
        world.program.storeIds[1],
      ),
    );
  });

  afterAll(async () => {
    if (world) {
      const broken = await brokenLedgerRules(world);
      await world.close();
      expect(broken).toEqual([]);
    }
  });

  const merge = (
    duplicate: string,
    into: string,
    options: { token?: string; key?: string | null } = {},
  ) =>
    call<MergeAnswer & Problem>(
      world.cardIssuance.baseUrl,
      'POST',
      `/v1/members/${duplicate}/merge`,
      {
        token: options.token ?? world.manager,
        headers: options.key === null ? {} : { 'idempotency-key': options.key ?? randomUUID() },
        body: { intoMemberId: into, reason: 'enrolled twice at the desk, same person' },
      },
    );
  const buy = async (member: EnrolledMember, amountMinor: number, occurredAt = daysAgo(40)) => {
    const bought = await ledgerWrite<{ purchaseId: string }>(world, '/v1/purchases', {
      body: purchaseOf(member, amountMinor, { occurredAt }),
    });
    expect(bought.status).toBe(201);
    return bought.body.purchaseId;
  };
  const openLots = (memberId: string) =>
    world.dataSource.query<{ remaining: number; available_from: Date; expires_at: Date | null }[]>(
      `SELECT l.remaining, l.available_from, l.expires_at FROM lots l
         JOIN ledger_accounts a ON a.id = l.account_id
        WHERE a.member_id = $1 AND l.remaining > 0
        ORDER BY l.expires_at, l.available_from, l.remaining`,
      [memberId],
    );

  it('moves cards, points lot by lot with their dates, purchases, history and answers; audited', async () => {
    const survivor = await enrolMember(world);
    const duplicate = await enrolMember(world);
    await buy(survivor, 1_000);
    const oldPurchase = await buy(duplicate, 2_500, daysAgo(200));
    await buy(duplicate, 4_000); // spendable now
    await buy(duplicate, 700, new Date().toISOString()); // still pending
    await world.dataSource.query(
      `INSERT INTO tier_changes (id, program_id, member_id, from_tier, to_tier, kind, reason,
           clv_minor, value_policy_version, changed_at)
       VALUES ($1, $2, $3, NULL, 'member', 'placed', 'first purchase', 100, 1, now())`,
      [randomUUID(), world.program.programId, duplicate.memberId],
    );
    // Both answered about the same store this month; the duplicate answered later.
    for (const [member, nps] of [
      [survivor, 3],
      [duplicate, 9],
    ] as const) {
      const answered = await call(world.ledger.baseUrl, 'POST', '/v1/me/surveys', {
        token: await memberToken(world, member),
        body: { nps, storeId: world.program.storeIds[0] },
      });
      expect(answered.status).toBe(201);
    }
    const lotsBefore = [
      ...(await openLots(survivor.memberId)),
      ...(await openLots(duplicate.memberId)),
    ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const before = {
      survivor: await memberBalance(world, survivor.memberId),
      duplicate: await memberBalance(world, duplicate.memberId),
    };
    expect(before.duplicate).toMatchObject({ available: 65, pending: 7 });

    const merged = await merge(duplicate.memberId, survivor.memberId);
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({
      duplicateMemberId: duplicate.memberId,
      member: { id: survivor.memberId, email: survivor.email },
      points: 72,
      moved: { cards: 1, lots: 3, purchases: 3, tierChanges: 1, surveyAnswers: 1 },
    });

    // The points and their dates: the same lots as before, now all the survivor's.
    expect(await memberBalance(world, survivor.memberId)).toMatchObject({
      available: before.survivor.available + 65,
      pending: before.survivor.pending + 7,
    });
    expect(
      (await openLots(survivor.memberId)).sort((a, b) =>
        JSON.stringify(a).localeCompare(JSON.stringify(b)),
      ),
    ).toEqual(lotsBefore);
    expect(await openLots(duplicate.memberId)).toEqual([]);
    const [journal] = await world.dataSource.query<{ kind: string; actor_id: string }[]>(
      `SELECT kind, actor_id FROM journal_transactions WHERE id = $1`,
      [merged.body.transactionId],
    );
    expect(journal?.kind).toBe('merge');

    // The duplicate's card now earns for the survivor; the duplicate itself is gone, naming them.
    const lookUp = await call<{ memberId: string }>(
      world.cardIssuance.baseUrl,
      'GET',
      `/v1/cards/${duplicate.cardNumber}`,
      { apiKey: world.posApiKey },
    );
    expect(lookUp.body.memberId).toBe(survivor.memberId);
    await buy(duplicate, 1_000);
    const gone = await call<Problem>(
      world.cardIssuance.baseUrl,
      'GET',
      `/v1/members/${duplicate.memberId}`,
      { token: world.clerk },
    );
    expect(gone.status).toBe(410);
    const listed = await call<{ items: { id: string }[] }>(
      world.cardIssuance.baseUrl,
      'GET',
      '/v1/members?limit=100',
      { token: world.clerk },
    );
    expect(listed.body.items.map((item) => item.id)).not.toContain(duplicate.memberId);
    expect(gone.body).toMatchObject({
      code: 'MEMBER_MERGED',
      mergedIntoMemberId: survivor.memberId,
    });
    const adjusted = await ledgerWrite<Problem>(world, '/v1/adjustments', {
      token: world.manager,
      body: { memberId: duplicate.memberId, points: 10, reason: 'goodwill after a complaint' },
    });
    expect(adjusted.status).toBe(410);
    expect(adjusted.body.mergedIntoMemberId).toBe(survivor.memberId);
    const purchase = await call<{ memberId: string }>(
      world.ledger.baseUrl,
      'GET',
      `/v1/purchases/${oldPurchase}`,
      { apiKey: world.posApiKey },
    );
    expect(purchase.body.memberId).toBe(survivor.memberId);
    const [history] = await world.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM tier_changes WHERE member_id = $1`,
      [survivor.memberId],
    );
    expect(history?.count).toBe(1);
    const answers = await world.dataSource.query<{ nps: number }[]>(
      `SELECT nps FROM survey_responses WHERE member_id = ANY($1::uuid[])`,
      [[survivor.memberId, duplicate.memberId]],
    );
    expect(answers).toEqual([{ nps: 9 }]);

    const [audit] = await world.dataSource.query<
      { merged_by: string; reason: string; moved: Record<string, number> }[]
    >(`SELECT merged_by, reason, moved FROM member_merges WHERE id = $1`, [merged.body.mergeId]);
    expect(audit).toMatchObject({
      reason: 'enrolled twice at the desk, same person',
      moved: merged.body.moved,
    });
    expect(journal?.actor_id).toBe(audit?.merged_by);
    const [event] = await world.dataSource.query<{ payload: Record<string, unknown> }[]>(
      `SELECT payload FROM outbox_events WHERE member_id = $1 AND type = 'member.merged'`,
      [survivor.memberId],
    );
    expect(event?.payload).toMatchObject({ duplicateMemberId: duplicate.memberId, points: 72 });
  });

  it('merges once: a retry replays the answer, a second request is told where the member went', async () => {
    const survivor = await enrolMember(world);
    const duplicate = await enrolMember(world);
    await buy(duplicate, 3_000);
    const key = randomUUID();
    const first = await merge(duplicate.memberId, survivor.memberId, { key });
    const retried = await merge(duplicate.memberId, survivor.memberId, { key });
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.body).toEqual(first.body);
    const again = await merge(duplicate.memberId, survivor.memberId, { key: null });
    expect(again.status).toBe(410);
    expect(again.body.mergedIntoMemberId).toBe(survivor.memberId);
    expect(await memberBalance(world, survivor.memberId)).toMatchObject({ available: 30 });
  });

  it('lets one of two crossed merges win, never both', async () => {
    const a = await enrolMember(world);
    const b = await enrolMember(world);
    await buy(a, 1_000);
    await buy(b, 2_000);
    const answers = await Promise.all([
      merge(a.memberId, b.memberId),
      merge(b.memberId, a.memberId),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 410]);
    const winner = answers.find((answer) => answer.status === 200)!.body.member.id;
    expect(await memberBalance(world, winner)).toMatchObject({ available: 30 });
  });

  it('refuses other stores’ managers, a member into itself, and points held at a till', async () => {
    const survivor = await enrolMember(world);
    const duplicate = await enrolMember(world);
    await buy(duplicate, 5_000);
    const outOfScope = await merge(duplicate.memberId, survivor.memberId, {
      token: otherStoreManager,
    });
    expect(outOfScope.status).toBe(403);
    expect(outOfScope.body.code).toBe('STORE_OUT_OF_SCOPE');
    const clerk = await merge(duplicate.memberId, survivor.memberId, { token: world.clerk });
    expect(clerk.status).toBe(403);
    const itself = await merge(duplicate.memberId, duplicate.memberId);
    expect(itself.status).toBe(400);
    expect(itself.body.errors?.map((error) => error.field)).toEqual(['intoMemberId']);
    const unknown = await merge(duplicate.memberId, randomUUID());
    expect(unknown.status).toBe(404);

    const held = await ledgerWrite(world, '/v1/holds', {
      body: {
        cardNumber: duplicate.cardNumber,
        points: 10,
        redemptionCode: await insertRedemptionCode(world, duplicate.memberId),
      },
    });
    expect(held.status).toBe(201);
    const refused = await merge(duplicate.memberId, survivor.memberId);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('MEMBER_HAS_OPEN_HOLDS');
    // Nothing moved: the duplicate is still a member of their own.
    const still = await call(
      world.cardIssuance.baseUrl,
      'GET',
      `/v1/members/${duplicate.memberId}`,
      {
        token: world.clerk,
      },
    );
    expect(still.status).toBe(200);
    expect(await memberBalance(world, duplicate.memberId)).toMatchObject({
      available: 40,
      held: 10,
    });
  });
});
