import { StaffRole } from '@loyalty/domain';
import {
  brokenLedgerRules,
  call,
  createStaffAccount,
  daysAgo,
  enrolMember,
  type EnrolledMember,
  type LedgerWorld,
  ledgerTraces,
  ledgerWrite,
  memberBalance,
  memberToken,
  type ProblemBody,
  purchaseOf,
  redemptionCode,
  setPointLimits,
  signInStaff,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { ledgerVerify, startWorld } from './ledger-world';

/**
 * Who may create, move or spend points (decision 0009), tried as an insider, a misconfigured till
 * and a member would: each abuse is refused with a problem naming the field or rule, and leaves no
 * trace in the ledger.
 */

interface Balance {
  available: number;
  pending: number;
}
interface Answer extends ProblemBody {
  status: number;
  transactionId: string;
  adjustmentRequestId: string;
  pendingUntil: string;
  points: number;
  dailyAllowanceLeft: number;
  balance: Balance;
}

describe('points-ledger: authority over points', () => {
  let world: LedgerWorld;
  let otherStoreManager: string;
  let secondManager: string;
  let secondAdmin: string;
  let transferReason: string;

  const write = (path: string, body: unknown, token?: string, key?: string) =>
    ledgerWrite<Answer>(world, path, {
      body,
      ...(token ? { token } : {}),
      ...(key ? { key } : {}),
    });
  const balanceOf = (member: EnrolledMember) => memberBalance(world, member.memberId);
  const ledgerRows = () => ledgerTraces(world);
  const memberWithPoints = async (points: number) => {
    const member = await enrolMember(world);
    const earned = await write('/v1/purchases', purchaseOf(member, points * 100));
    expect(earned.status).toBe(201);
    return member;
  };
  const expectRefused = (
    answer: { status: number; body: Answer },
    status: number,
    code: string,
  ) => {
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
  };

  beforeAll(async () => {
    world = await startWorld();
    const staff = async (role: StaffRole, storeId: string | null) =>
      signInStaff(
        world.cardIssuance.baseUrl,
        await createStaffAccount(world.dataSource, world.program.programId, role, storeId),
      );
    otherStoreManager = await staff(StaffRole.Manager, world.program.storeIds[1]);
    secondManager = await staff(StaffRole.Manager, world.program.storeIds[0]);
    secondAdmin = await staff(StaffRole.Admin, null);
    transferReason = 'member asked at the desk to pool points with their partner';
  });

  afterAll(async () => {
    if (world) {
      const broken = await brokenLedgerRules(world);
      await world.close();
      expect(broken).toEqual([]);
    }
  });

  describe('staff transfers', () => {
    it('refuses clerks, other stores, missing reasons, self-transfers and the cap', async () => {
      const giver = await memberWithPoints(500);
      const receiver = await enrolMember(world);
      const body = { fromMemberId: giver.memberId, toMemberId: receiver.memberId, points: 100 };
      const before = await ledgerRows();
      expectRefused(
        await write('/v1/transfers', { ...body, reason: transferReason }, world.clerk),
        403,
        'PERMISSION_DENIED',
      );
      const otherStore = await write(
        '/v1/transfers',
        { ...body, reason: transferReason },
        otherStoreManager,
      );
      expectRefused(otherStore, 403, 'STORE_OUT_OF_SCOPE');
      const blank = await write('/v1/transfers', { ...body, reason: '    ' }, world.manager);
      expectRefused(blank, 400, 'VALIDATION_FAILED');
      expect(blank.body.errors?.[0]).toMatchObject({ field: 'reason' });
      const missing = await write('/v1/transfers', body, world.manager);
      expect(missing.body.errors?.[0]).toMatchObject({ field: 'reason' });
      const self = await write(
        '/v1/transfers',
        { ...body, toMemberId: giver.memberId, reason: transferReason },
        world.manager,
      );
      expectRefused(self, 422, 'TRANSFER_TO_SELF');
      await setPointLimits(world, { staffTransferMaxPoints: 99 });
      const aboveCap = await write(
        '/v1/transfers',
        { ...body, reason: transferReason },
        world.manager,
      );
      expectRefused(aboveCap, 422, 'TRANSFER_LIMIT_EXCEEDED');
      expect(aboveCap.body.errors?.[0]).toMatchObject({ field: 'points' });
      await setPointLimits(world, { staffTransferMaxPoints: 10_000 });
      expect(await ledgerRows()).toEqual(before);
      expect(await balanceOf(giver)).toMatchObject({ available: 500 });
    });

    it('records who started a manager’s transfer and on whose consent', async () => {
      const giver = await memberWithPoints(300);
      const receiver = await enrolMember(world);
      const sent = await write(
        '/v1/transfers',
        {
          fromMemberId: giver.memberId,
          toMemberId: receiver.memberId,
          points: 120,
          reason: `  ${transferReason}  `,
        },
        world.manager,
      );
      expect(sent.status).toBe(201);
      const transaction = await call<{
        reason: string;
        actor: { kind: string };
        details: Record<string, unknown>;
      }>(world.ledger.baseUrl, 'GET', `/v1/transactions/${sent.body.transactionId}`, {
        token: world.admin,
      });
      expect(transaction.body).toMatchObject({
        reason: transferReason,
        actor: { kind: 'staff' },
        details: { consent: 'staff_attested', initiatedBy: { kind: 'staff' } },
      });
      expect(await balanceOf(receiver)).toMatchObject({ available: 120 });
    });
  });

  describe('member transfers from the app', () => {
    it('sends to a member named by email, card number or national phone, within the daily allowance', async () => {
      await setPointLimits(world, { memberTransferDailyPoints: 250 });
      const sender = await memberWithPoints(1_000);
      const token = await memberToken(world, sender);
      const byEmail = await enrolMember(world);
      const byCard = await enrolMember(world);
      const phone = `0612${String(100_000 + Math.floor(Math.random() * 899_999))}`;
      const enrolled = await call<ProblemBody>(world.cardIssuance.baseUrl, 'POST', '/v1/members', {
        token: world.clerk,
        body: { phone, acquisitionChannel: 'store', marketingConsent: false },
      });
      expect(enrolled.status).toBe(400);
      expect(enrolled.body.errors?.[0]).toMatchObject({ field: 'card' });
      const withCard = await call<{ member: { id: string } }>(
        world.cardIssuance.baseUrl,
        'POST',
        '/v1/members',
        {
          token: world.clerk,
          body: {
            phone,
            acquisitionChannel: 'store',
            marketingConsent: false,
            card: { kind: 'virtual' },
          },
        },
      );
      expect(withCard.status).toBe(201);

      const first = await write(
        '/v1/me/transfers',
        { to: { email: byEmail.email }, points: 100 },
        token,
      );
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ points: 100, dailyAllowanceLeft: 150 });
      const second = await write(
        '/v1/me/transfers',
        { to: { cardNumber: byCard.cardNumber }, points: 100 },
        token,
      );
      expect(second.body).toMatchObject({ toMemberId: byCard.memberId, dailyAllowanceLeft: 50 });
      const overAllowance = await write('/v1/me/transfers', { to: { phone }, points: 51 }, token);
      expectRefused(overAllowance, 422, 'TRANSFER_LIMIT_EXCEEDED');
      const third = await write('/v1/me/transfers', { to: { phone }, points: 50 }, token);
      expect(third.body).toMatchObject({
        toMemberId: withCard.body.member.id,
        dailyAllowanceLeft: 0,
      });
      expect(await balanceOf(sender)).toMatchObject({ available: 750 });

      const transaction = await call<{ actor: { kind: string }; details: Record<string, unknown> }>(
        world.ledger.baseUrl,
        'GET',
        `/v1/transactions/${first.body.transactionId}`,
        { token: world.admin },
      );
      expect(transaction.body).toMatchObject({
        actor: { kind: 'member' },
        details: { consent: 'member_app', initiatedBy: { kind: 'member', id: sender.memberId } },
      });
      await setPointLimits(world, { memberTransferDailyPoints: 5_000 });
    });

    it('refuses self-transfers, unknown recipients, two references and a replay with another body', async () => {
      const sender = await memberWithPoints(200);
      const token = await memberToken(world, sender);
      const before = await ledgerRows();
      expectRefused(
        await write('/v1/me/transfers', { to: { email: sender.email }, points: 10 }, token),
        422,
        'TRANSFER_TO_SELF',
      );
      const unknown = await write(
        '/v1/me/transfers',
        { to: { email: `nobody-${randomUUID()}@example.com` }, points: 10 },
        token,
      );
      expectRefused(unknown, 404, 'MEMBER_NOT_FOUND');
      expect(unknown.body.errors?.[0]).toMatchObject({ field: 'to.email' });
      const two = await write(
        '/v1/me/transfers',
        { to: { email: sender.email, phone: '+31612345678' }, points: 10 },
        token,
      );
      expectRefused(two, 400, 'VALIDATION_FAILED');
      const tooMany = await write(
        '/v1/me/transfers',
        { to: { email: (await enrolMember(world)).email }, points: 201 },
        token,
      );
      expectRefused(tooMany, 422, 'INSUFFICIENT_POINTS');
      expect(await ledgerRows()).toEqual(before);
    });

    it('slows a member who keeps asking for transfers, found or not', async () => {
      const member = await memberWithPoints(100);
      const token = await memberToken(world, member);
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 21; attempt += 1) {
        const answer = await write(
          '/v1/me/transfers',
          { to: { email: `probe-${attempt}-${randomUUID()}@example.com` }, points: 1 },
          token,
        );
        statuses.push(answer.status);
      }
      expect(statuses.slice(0, 20)).toEqual(Array<number>(20).fill(404));
      expect(statuses[20]).toBe(429);
    });
  });

  describe('purchases in time and in range', () => {
    it('refuses a sale older than the offline window, alone or in a batch, and counts the return window from recording', async () => {
      await setPointLimits(world, { offlineWindowDays: 7 });
      const member = await enrolMember(world);
      const before = await ledgerRows();
      const old = await write(
        '/v1/purchases',
        purchaseOf(member, 5_000, { occurredAt: daysAgo(8) }),
      );
      expectRefused(old, 422, 'PURCHASE_OUTSIDE_OFFLINE_WINDOW');
      expect(old.body.errors?.[0]).toMatchObject({ field: 'occurredAt' });
      const batch = await ledgerWrite<{ items: { status: number; problem?: ProblemBody }[] }>(
        world,
        '/v1/purchases/batch',
        {
          key: null,
          body: {
            items: [
              {
                ...purchaseOf(member, 5_000, { occurredAt: daysAgo(400) }),
                idempotencyKey: randomUUID(),
                sequenceNumber: 1,
              },
            ],
          },
        },
      );
      expect(batch.body.items[0]).toMatchObject({
        status: 422,
        problem: { code: 'PURCHASE_OUTSIDE_OFFLINE_WINDOW', errors: [{ field: 'occurredAt' }] },
      });
      expect(await ledgerRows()).toEqual(before);

      const recent = await write(
        '/v1/purchases',
        purchaseOf(member, 5_000, { occurredAt: daysAgo(6) }),
      );
      expect(recent.status).toBe(201);
      // Earned under rules with no return window, but recorded now: spendable from now, not before.
      expect(Date.parse(recent.body.pendingUntil)).toBeGreaterThanOrEqual(Date.now() - 60_000);
      await setPointLimits(world, { offlineWindowDays: 3650 });
    });

    it('answers a till’s late retry of a purchase it recorded as it was, window or not', async () => {
      const member = await enrolMember(world);
      const key = randomUUID();
      const body = purchaseOf(member, 5_000, { occurredAt: daysAgo(6) });
      const first = await write('/v1/purchases', body, undefined, key);
      expect(first.status).toBe(201);
      await setPointLimits(world, { offlineWindowDays: 3, maxPurchaseMinor: 1_000 });
      const retried = await write('/v1/purchases', body, undefined, key);
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBe('true');
      expect(retried.body.transactionId).toBe(first.body.transactionId);
      const fresh = await write('/v1/purchases', { ...body, receiptId: `R-${randomUUID()}` });
      expectRefused(fresh, 422, 'PURCHASE_AMOUNT_ABOVE_LIMIT');
      await setPointLimits(world, { offlineWindowDays: 3650, maxPurchaseMinor: 5_000_000 });
    });

    it('refuses a purchase above the program’s largest, naming amountMinor', async () => {
      const member = await enrolMember(world);
      const before = await ledgerRows();
      const typo = await write('/v1/purchases', purchaseOf(member, 10_000_000_000));
      expectRefused(typo, 422, 'PURCHASE_AMOUNT_ABOVE_LIMIT');
      expect(typo.body.errors?.[0]).toMatchObject({ field: 'amountMinor' });
      expect(await ledgerRows()).toEqual(before);
    });
  });

  describe('adjustments', () => {
    it('refuses clerks, other stores and reasons that say nothing', async () => {
      const member = await enrolMember(world);
      const body = { memberId: member.memberId, points: 100, reason: 'goodwill after a complaint' };
      const before = await ledgerRows();
      expectRefused(await write('/v1/adjustments', body, world.clerk), 403, 'PERMISSION_DENIED');
      expectRefused(
        await write('/v1/adjustments', body, otherStoreManager),
        403,
        'STORE_OUT_OF_SCOPE',
      );
      for (const reason of ['   ', 'ok', '  too short  ']) {
        const vague = await write('/v1/adjustments', { ...body, reason }, world.manager);
        expectRefused(vague, 400, 'VALIDATION_FAILED');
        expect(vague.body.errors?.[0]).toMatchObject({ field: 'reason' });
      }
      expect(await ledgerRows()).toEqual(before);
    });

    it('holds an adjustment above the manager’s daily cap until an admin approves it, once', async () => {
      const member = await enrolMember(world);
      const reason = 'compensation for a lost parcel, ticket 4411';
      const within = await write(
        '/v1/adjustments',
        { memberId: member.memberId, points: 4_000, reason },
        world.manager,
      );
      expect(within.status).toBe(201);
      const aboveKey = randomUUID();
      const above = await write(
        '/v1/adjustments',
        { memberId: member.memberId, points: 1_000_000_000, reason },
        world.manager,
        aboveKey,
      );
      expect(above.status).toBe(202);
      expect(above.body).toMatchObject({ status: 'pending_approval' });
      expect(await balanceOf(member)).toMatchObject({ available: 4_000 });
      const replay = await write(
        '/v1/adjustments',
        { memberId: member.memberId, points: 1_000_000_000, reason },
        world.manager,
        aboveKey,
      );
      expect(replay.body.adjustmentRequestId).toBe(above.body.adjustmentRequestId);

      const path = `/v1/adjustment-requests/${above.body.adjustmentRequestId}`;
      expectRefused(
        await write(`${path}/approval`, {}, world.manager),
        403,
        'APPROVAL_NOT_ALLOWED',
      );
      expectRefused(
        await write(`${path}/approval`, {}, secondManager),
        403,
        'APPROVAL_NOT_ALLOWED',
      );
      const pending = await call<{ items: { id: string; requestedBy: string }[] }>(
        world.ledger.baseUrl,
        'GET',
        '/v1/adjustment-requests?status=pending',
        { token: world.manager },
      );
      expect(pending.body.items.map((item) => item.id)).toContain(above.body.adjustmentRequestId);
      const hidden = await call<{ items: { id: string }[] }>(
        world.ledger.baseUrl,
        'GET',
        '/v1/adjustment-requests',
        { token: otherStoreManager },
      );
      expect(hidden.body.items.map((item) => item.id)).not.toContain(
        above.body.adjustmentRequestId,
      );

      const approvals = await Promise.all(
        [world.admin, secondAdmin].map((token) => write(`${path}/approval`, {}, token)),
      );
      expect(approvals.map((answer) => answer.status).sort()).toEqual([200, 409]);
      expect(await balanceOf(member)).toMatchObject({ available: 1_000_004_000 });
      const approved = approvals.find((answer) => answer.status === 200)!;
      const transaction = await call<{ details: Record<string, unknown> }>(
        world.ledger.baseUrl,
        'GET',
        `/v1/transactions/${approved.body.transactionId}`,
        { token: world.admin },
      );
      expect(transaction.body.details).toMatchObject({
        requestedBy: pending.body.items.find((item) => item.id === above.body.adjustmentRequestId)!
          .requestedBy,
        adjustmentRequestId: above.body.adjustmentRequestId,
      });
      expect(transaction.body.details.approvedBy).toEqual(expect.any(String));
      expect(transaction.body.details.approvedBy).not.toBe(transaction.body.details.requestedBy);
    });

    it('lets another manager of the store approve where the program allows it, and rejects without moving points', async () => {
      await setPointLimits(world, { adjustmentApprover: 'another_manager' });
      const member = await enrolMember(world);
      const reason = 'loyalty correction agreed with the customer';
      const ask = async () =>
        (
          await write(
            '/v1/adjustments',
            { memberId: member.memberId, points: 6_000, reason },
            world.manager,
          )
        ).body.adjustmentRequestId;
      const first = await ask();
      expectRefused(
        await write(`/v1/adjustment-requests/${first}/approval`, {}, otherStoreManager),
        403,
        'APPROVAL_NOT_ALLOWED',
      );
      const approved = await write(`/v1/adjustment-requests/${first}/approval`, {}, secondManager);
      expect(approved.status).toBe(200);
      const second = await ask();
      const rejected = await write(
        `/v1/adjustment-requests/${second}/rejection`,
        { note: 'not agreed by the store' },
        world.admin,
      );
      expect(rejected.body).toMatchObject({ status: 'rejected', transactionId: null });
      expect(await balanceOf(member)).toMatchObject({ available: 6_000 });
      await setPointLimits(world, { adjustmentApprover: 'higher_role' });
    });

    it('approves more pending adjustments at once than the pool has connections', async () => {
      const members = await Promise.all(Array.from({ length: 12 }, () => enrolMember(world)));
      const asked = await Promise.all(
        members.map((member) =>
          write(
            '/v1/adjustments',
            { memberId: member.memberId, points: 6_000, reason: 'bulk correction after migration' },
            world.manager,
          ),
        ),
      );
      expect(asked.map((answer) => answer.status)).toEqual(Array<number>(12).fill(202));
      const approved = await Promise.all(
        asked.map((answer) =>
          write(
            `/v1/adjustment-requests/${answer.body.adjustmentRequestId}/approval`,
            {},
            world.admin,
          ),
        ),
      );
      expect(approved.map((answer) => answer.status)).toEqual(Array<number>(12).fill(200));
      for (const member of members) {
        expect(await balanceOf(member)).toMatchObject({ available: 6_000 });
      }
    });

    it('never lets the requester decide: the database refuses it too', async () => {
      const member = await enrolMember(world);
      const asked = await write(
        '/v1/adjustments',
        {
          memberId: member.memberId,
          points: 60_000,
          reason: 'migration correction from old system',
        },
        world.admin,
      );
      expect(asked.status).toBe(202);
      await expect(
        world.dataSource.query(
          `UPDATE adjustment_requests SET status = 'rejected', decided_by = requested_by,
                  decided_at = now() WHERE id = $1`,
          [asked.body.adjustmentRequestId],
        ),
      ).rejects.toThrow(/adjustment_requests_second_person_check/);
      const approved = await write(
        `/v1/adjustment-requests/${asked.body.adjustmentRequestId}/approval`,
        {},
        secondAdmin,
      );
      expect(approved.status).toBe(200);
    });
  });

  describe('reversals', () => {
    it('keeps a manager to their store and their daily cap when a reversal gives points back', async () => {
      const member = await memberWithPoints(9_000);
      const spent = await ledgerWrite<Answer>(world, '/v1/redemptions', {
        body: {
          cardNumber: member.cardNumber,
          points: 8_000,
          redemptionCode: await redemptionCode(world, await memberToken(world, member)),
        },
      });
      expect(spent.status).toBe(201);
      const path = `/v1/transactions/${spent.body.transactionId}/reversal`;
      const body = { reason: 'the till charged the wrong basket' };
      expectRefused(await write(path, body, otherStoreManager), 403, 'STORE_OUT_OF_SCOPE');
      expectRefused(await write(path, body, world.manager), 403, 'APPROVAL_NOT_ALLOWED');
      expectRefused(await write(path, { reason: 'oops' }, world.admin), 400, 'VALIDATION_FAILED');
      expect((await write(path, body, world.admin)).status).toBe(201);
      expect(await balanceOf(member)).toMatchObject({ available: 9_000 });
    });

    it('leaves an erased member’s transactions final', async () => {
      const member = await memberWithPoints(500);
      const token = await memberToken(world, member);
      const spent = await ledgerWrite<Answer>(world, '/v1/redemptions', {
        body: {
          cardNumber: member.cardNumber,
          points: 100,
          redemptionCode: await redemptionCode(world, token),
        },
      });
      await call(world.cardIssuance.baseUrl, 'DELETE', '/v1/me', { token });
      const reversal = await write(
        `/v1/transactions/${spent.body.transactionId}/reversal`,
        { reason: 'the till charged the wrong basket' },
        world.admin,
      );
      expectRefused(reversal, 410, 'MEMBER_ERASED');
    });
  });

  it('holds a member’s daily allowance under concurrent transfers', async () => {
    await setPointLimits(world, { memberTransferDailyPoints: 5_000 });
    const sender = await memberWithPoints(20_000);
    const token = await memberToken(world, sender);
    const receiver = await enrolMember(world);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        write('/v1/me/transfers', { to: { email: receiver.email }, points: 1_000 }, token),
      ),
    );
    expect(answers.map((answer) => answer.body.code ?? answer.status).sort()).toEqual([
      ...Array<number>(5).fill(201),
      ...Array<string>(5).fill('TRANSFER_LIMIT_EXCEEDED'),
    ]);
    expect(await balanceOf(receiver)).toMatchObject({ available: 5_000 });
  });

  describe('surveys', () => {
    it('keeps one voice per member, store and month, and slows a member who keeps answering', async () => {
      const member = await enrolMember(world);
      const token = await memberToken(world, member);
      const storeId = world.program.storeIds[1];
      const statuses: number[] = [];
      for (let answer = 0; answer < 12; answer += 1) {
        const answered = await call(world.ledger.baseUrl, 'POST', '/v1/me/surveys', {
          token,
          body: { nps: 0, storeId },
        });
        statuses.push(answered.status);
      }
      expect(statuses.filter((status) => status === 201)).toHaveLength(10);
      expect(statuses.slice(10)).toEqual([429, 429]);
      const [voices] = await world.dataSource.query<{ voices: number }[]>(
        `SELECT count(*)::int AS voices FROM survey_responses WHERE member_id = $1`,
        [member.memberId],
      );
      expect(voices!.voices).toBe(1);
      const insights = await call<{ items: { storeId: string; npsAnswers: number }[] }>(
        world.ledger.baseUrl,
        'GET',
        '/v1/insights/surveys',
        { token: world.admin },
      );
      expect(insights.body.items.find((item) => item.storeId === storeId)).toMatchObject({
        npsAnswers: 1,
      });
    });
  });

  describe('hostile input', () => {
    it('takes upper-case ids as the same member, so a self-transfer is still one', async () => {
      const giver = await memberWithPoints(300);
      const receiver = await enrolMember(world);
      const upper = (id: string) => id.toUpperCase();
      const self = await write(
        '/v1/transfers',
        {
          fromMemberId: giver.memberId,
          toMemberId: upper(giver.memberId),
          points: 10,
          reason: transferReason,
        },
        world.manager,
      );
      expectRefused(self, 422, 'TRANSFER_TO_SELF');
      const sent = await write(
        '/v1/transfers',
        {
          fromMemberId: upper(giver.memberId),
          toMemberId: upper(receiver.memberId),
          points: 10,
          reason: transferReason,
        },
        world.manager,
      );
      expect(sent.status).toBe(201);
      const adjusted = await write(
        '/v1/adjustments',
        { memberId: upper(receiver.memberId), points: 5, reason: 'goodwill after a complaint' },
        world.manager,
      );
      expect(adjusted.status).toBe(201);
      expect(await balanceOf(receiver)).toMatchObject({ available: 15 });
    });

    it('answers NUL characters, deep nesting and nulls with a 400 naming the field, never a 500', async () => {
      const member = await enrolMember(world);
      const before = await ledgerRows();
      const nul = await write(
        '/v1/adjustments',
        { memberId: member.memberId, points: 5, reason: 'goodwill\u0000 after a complaint' },
        world.manager,
      );
      expectRefused(nul, 400, 'VALIDATION_FAILED');
      expect(nul.body.errors?.[0]).toMatchObject({ field: 'reason', location: 'body' });
      let deep: unknown = 1;
      for (let level = 0; level < 2_000; level += 1) deep = { to: deep };
      const nested = await write('/v1/me/transfers', deep, await memberToken(world, member));
      expectRefused(nested, 400, 'VALIDATION_FAILED');
      const nulls = await write(
        '/v1/transfers',
        { fromMemberId: null, toMemberId: null, points: null, reason: null },
        world.manager,
      );
      expectRefused(nulls, 400, 'VALIDATION_FAILED');
      const enrolNul = await call<ProblemBody>(world.cardIssuance.baseUrl, 'POST', '/v1/members', {
        token: world.clerk,
        body: {
          name: 'Ada\u0000',
          email: `nul-${randomUUID()}@example.com`,
          acquisitionChannel: 'store',
          marketingConsent: false,
          card: { kind: 'virtual' },
        },
      });
      expect(enrolNul.status).toBe(400);
      expect(enrolNul.body.errors?.[0]).toMatchObject({ field: 'name' });
      expect(await ledgerRows()).toEqual(before);
    });
  });

  it('describes the routes of points authority in the OpenAPI documents', async () => {
    const paths = async (baseUrl: string) =>
      (
        await call<{ paths: Record<string, Record<string, { responses: object }>> }>(
          baseUrl,
          'GET',
          '/docs-json',
        )
      ).body.paths;
    const ledger = await paths(world.ledger.baseUrl);
    expect(Object.keys(ledger)).toEqual(
      expect.arrayContaining([
        '/v1/me/transfers',
        '/v1/transfers',
        '/v1/adjustment-requests',
        '/v1/adjustment-requests/{adjustmentRequestId}/approval',
        '/v1/adjustment-requests/{adjustmentRequestId}/rejection',
        '/v1/point-limits',
      ]),
    );
    expect(Object.keys(ledger['/v1/adjustments']!.post!.responses)).toEqual(
      expect.arrayContaining(['201', '202', '403']),
    );
    const cards = await paths(world.cardIssuance.baseUrl);
    expect(Object.keys(cards)).toEqual(
      expect.arrayContaining([
        '/v1/acquisition-campaigns',
        '/v1/members/{memberId}/export',
        '/v1/members/{memberId}',
      ]),
    );
  });

  it('refuses every abuse in a loop, leaving the ledger clean and unchanged', async () => {
    const victim = await memberWithPoints(800);
    const accomplice = await enrolMember(world);
    const accompliceToken = await memberToken(world, accomplice);
    // A purchase whose points were past their expiry when the till sent it.
    const stale = await write(
      '/v1/purchases',
      purchaseOf(accomplice, 30_000, { occurredAt: daysAgo(400) }),
    );
    expect(stale.body).toMatchObject({ points: 300, pointsExpired: 300 });
    const erased = await memberWithPoints(100);
    const erasedToken = await memberToken(world, erased);
    expect(
      (await call(world.cardIssuance.baseUrl, 'DELETE', '/v1/me', { token: erasedToken })).status,
    ).toBe(200);
    await setPointLimits(world, { offlineWindowDays: 7 });
    const victimBalance = await balanceOf(victim);
    const before = await ledgerRows();
    const attempts: [string, () => Promise<{ status: number; body: unknown }>][] = [
      [
        'a clerk moves a member’s points to an accomplice',
        () =>
          write(
            '/v1/transfers',
            { fromMemberId: victim.memberId, toMemberId: accomplice.memberId, points: 800 },
            world.clerk,
          ),
      ],
      [
        'a manager of another store does',
        () =>
          write(
            '/v1/transfers',
            {
              fromMemberId: victim.memberId,
              toMemberId: accomplice.memberId,
              points: 800,
              reason: transferReason,
            },
            otherStoreManager,
          ),
      ],
      [
        'a till posts a purchase 400 days old',
        () => write('/v1/purchases', purchaseOf(accomplice, 50_000, { occurredAt: daysAgo(400) })),
      ],
      [
        'the accomplice spends points that were expired on arrival',
        async () =>
          ledgerWrite(world, '/v1/redemptions', {
            body: {
              cardNumber: accomplice.cardNumber,
              points: 1,
              redemptionCode: await redemptionCode(world, accompliceToken),
            },
          }),
      ],
      [
        'a manager adjusts by a billion with a blank reason',
        () =>
          write(
            '/v1/adjustments',
            { memberId: accomplice.memberId, points: 1_000_000_000, reason: '   ' },
            world.manager,
          ),
      ],
      [
        'a manager of another store adjusts',
        () =>
          write(
            '/v1/adjustments',
            {
              memberId: accomplice.memberId,
              points: 1_000_000_000,
              reason: 'a generous gift for you',
            },
            otherStoreManager,
          ),
      ],
      [
        'a till types 1e11 cents',
        () => write('/v1/purchases', purchaseOf(accomplice, 100_000_000_000)),
      ],
      [
        'a clerk types an acquisition cost at enrolment',
        () =>
          call(world.cardIssuance.baseUrl, 'POST', '/v1/members', {
            token: world.clerk,
            body: {
              email: `typed-${randomUUID()}@example.com`,
              acquisitionChannel: 'store',
              acquisitionCostMinor: 100_000_000,
              marketingConsent: false,
              card: { kind: 'virtual' },
            },
          }),
      ],
      [
        'an erased member reads their balance',
        () => call(world.ledger.baseUrl, 'GET', '/v1/me/balance', { token: erasedToken }),
      ],
      [
        'an erased member asks for a redemption code',
        () => call(world.ledger.baseUrl, 'POST', '/v1/me/redemption-codes', { token: erasedToken }),
      ],
    ];
    for (let round = 0; round < 5; round += 1) {
      for (const [abuse, attempt] of attempts) {
        const answer = await attempt();
        expect({ abuse, refused: answer.status >= 400 && answer.status < 500 }).toEqual({
          abuse,
          refused: true,
        });
        // A problem+json that names the rule it broke.
        const problem = answer.body as Partial<ProblemBody>;
        expect([abuse, typeof problem.code, typeof problem.requestId]).toEqual([
          abuse,
          'string',
          'string',
        ]);
      }
    }
    expect(await ledgerRows()).toEqual(before);
    expect(await balanceOf(victim)).toEqual(victimBalance);
    expect(await balanceOf(accomplice)).toMatchObject({ available: 0, pending: 0 });
    expect(await ledgerVerify(world.program.programId)).toMatchObject({ code: 0 });
    await setPointLimits(world, { offlineWindowDays: 3650 });
  });
});
