import { loadLoyaltyConfig } from '@loyalty/config';
import { StaffRole } from '@loyalty/domain';
import {
  call,
  createPosApiKey,
  enrolMember,
  type EnrolledMember,
  insertRedemptionCode,
  type LedgerWorld,
  ledgerWrite,
  MaintenanceJobs,
  purchaseOf,
  type RunningApp,
  signedInStaff,
  startApp,
  twoTierValuePolicy,
} from '@loyalty/testing';
import { randomUUID } from 'node:crypto';
import { createValueScoringWorkerApp } from '../../../apps/value-scoring-worker/src/value-scoring-worker.app';
import { startWorld } from './ledger-world';

export interface Problem {
  code: string;
  refusals?: string[];
  voucherStatus?: string;
  errors?: { field: string }[];
}

export interface Reward {
  rewardId: string;
  code: string;
  version: number;
  costPoints: number;
  stockClaimed: number;
  stockLeft: number | null;
  versions: { version: number; costPoints: number }[];
}

export interface Voucher {
  voucherId: string;
  code: string;
  rewardVersion: number;
  points: number;
  status: string;
  expiresAt: string;
  name: string;
  balance: { available: number };
}

export const REWARD = {
  name: 'Free espresso',
  description: 'Any espresso.',
  costPoints: 30,
  benefit: { kind: 'free_item', sku: 'SKU-ESPRESSO' },
  voucherValidDays: 30,
};

/** What the voucher specs share once their world is up. */
export interface VoucherWorldState {
  world: LedgerWorld;
  marketing: string;
  otherStoreTill: string;
  worker: RunningApp;
  jobs: MaintenanceJobs;
}

/**
 * The ledger world of the voucher specs, with a marketing session, a till of the second store, a
 * two-tier value policy and the worker (for the expiry job), and the calls the specs make.
 */
export function useVoucherWorld() {
  const state = {} as VoucherWorldState;
  let world: LedgerWorld;
  let worker: RunningApp;
  let jobs: MaintenanceJobs;

  beforeAll(async () => {
    world = await startWorld();
    state.world = world;
    state.marketing = await signedInStaff(
      world.cardIssuance.baseUrl,
      world.dataSource,
      world.program.programId,
      StaffRole.Marketing,
      null,
    );
    state.otherStoreTill = (
      await createPosApiKey(world.dataSource, world.program.programId, world.program.storeIds[1])
    ).apiKey;
    const policy = await call(world.ledger.baseUrl, 'POST', '/v1/value-policies', {
      token: world.admin,
      body: twoTierValuePolicy(),
    });
    expect(policy.status).toBe(201);
    worker = await startApp(createValueScoringWorkerApp);
    jobs = await MaintenanceJobs.open(loadLoyaltyConfig().redis);
    state.worker = worker;
    state.jobs = jobs;
  });

  afterAll(async () => {
    await jobs?.close();
    await worker?.close();
    await world?.close();
  });

  const addReward = async (terms: object = {}, token = world.admin) => {
    const added = await call<Reward & Problem>(
      world.ledger.baseUrl,
      'POST',
      '/v1/rewards-catalog',
      {
        token,
        body: { code: `reward-${randomUUID().slice(0, 8)}`, ...REWARD, ...terms },
      },
    );
    expect(added.status).toBe(201);
    return added.body;
  };
  /** A member with `points` available: one purchase long enough ago to be spendable. */
  const memberWith = async (points: number) => {
    const member = await enrolMember(world);
    const bought = await ledgerWrite(world, '/v1/purchases', {
      body: purchaseOf(member, points * 100),
    });
    expect(bought.status).toBe(201);
    return member;
  };
  const tillClaim = async (
    member: EnrolledMember,
    rewardId: string,
    options: { key?: string; apiKey?: string } = {},
  ) =>
    ledgerWrite<Voucher & Problem>(world, '/v1/reward-claims', {
      body: {
        cardNumber: member.cardNumber,
        redemptionCode: await insertRedemptionCode(world, member.memberId),
        rewardId,
      },
      ...options,
    });
  const check = (code: string, apiKey = world.posApiKey) =>
    call<{ redeemable: boolean; refusal: string | null; status: string } & Problem>(
      world.ledger.baseUrl,
      'GET',
      `/v1/vouchers/${encodeURIComponent(code)}`,
      { apiKey },
    );
  const redeem = (
    code: string,
    receiptId: string,
    options: { key?: string; apiKey?: string } = {},
  ) =>
    ledgerWrite<{ status: string; transactionId: string } & Problem>(
      world,
      `/v1/vouchers/${encodeURIComponent(code)}/redemption`,
      { body: { receiptId }, ...options },
    );
  const voucherRow = async (voucherId: string) =>
    (
      await world.dataSource.query<{ status: string; redeemed_receipt_id: string | null }[]>(
        `SELECT status, redeemed_receipt_id FROM vouchers WHERE id = $1`,
        [voucherId],
      )
    )[0]!;

  return { state, addReward, memberWith, tillClaim, check, redeem, voucherRow };
}
