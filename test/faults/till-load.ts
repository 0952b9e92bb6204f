import { type EnrolledMember, purchaseOf } from '@loyalty/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as backOff } from 'node:timers/promises';
import type { AppName } from '@loyalty/config';
import type { FaultWorld } from './fault-world';

export interface AcknowledgedPurchase {
  readonly receiptId: string;
  readonly memberId: string;
  readonly points: number;
}

export interface AcknowledgedEnrolment {
  readonly email: string;
  readonly memberId: string;
}

/** How long a till keeps retrying one write before the suite calls it lost. */
const GIVE_UP_AFTER_MS = 120_000;
/** A till's pause between retries of a write that got no answer or a 5xx. */
const RETRY_BACKOFF_MS = 100;
/** One enrolment at the desk for this many sales. */
const SALES_PER_ENROLMENT = 10;

/**
 * Tills selling to members and a desk enrolling new ones, as a shop does, through every fault.
 * Each write has its Idempotency-Key and is retried with the same key and body until it gets an
 * answer that is not a 5xx, as a till does: an acknowledged write is one the client was told
 * happened. A 4xx is recorded as refused; under faults alone there should be none.
 */
export class TillLoad {
  readonly purchases: AcknowledgedPurchase[] = [];
  readonly enrolments: AcknowledgedEnrolment[] = [];
  readonly refused: string[] = [];
  retries = 0;
  private running = false;
  private readonly loops: Promise<void>[] = [];

  /** Everyone enrolled so far, whom the tills sell to. */
  private readonly members: EnrolledMember[] = [];

  constructor(private readonly world: FaultWorld) {}

  start(tills: number): void {
    this.running = true;
    for (let till = 0; till < tills; till += 1) {
      this.loops.push(this.sell(this.world.tillKeys[till % this.world.tillKeys.length]!));
    }
  }

  /** Lets every till finish the write it is on, so that every committed write is acknowledged. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async sell(apiKey: string): Promise<void> {
    for (let sale = 1; this.running; sale += 1) {
      if (sale % SALES_PER_ENROLMENT === 0) await this.enrol();
      const member = this.members[randomInt(this.members.length)]!;
      const body = purchaseOf(member, 2_000 + randomInt(8_000));
      const answer = await this.untilAnswered<{ points: number; memberId: string }>(
        'points-ledger',
        '/v1/purchases',
        { 'x-api-key': apiKey },
        body,
      );
      if (answer.status === 201) {
        this.purchases.push({
          receiptId: body.receiptId,
          memberId: answer.body.memberId,
          points: answer.body.points,
        });
      } else {
        this.refused.push(`purchase answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      }
    }
  }

  /** Enrols a member at the desk, as the tills do every SALES_PER_ENROLMENT sales. */
  async enrol(): Promise<void> {
    const email = `desk-${randomUUID()}@example.com`;
    const answer = await this.untilAnswered<{ member: { id: string }; card: { number: string } }>(
      'card-issuance',
      '/v1/members',
      { authorization: `Bearer ${this.world.clerk}` },
      { email, acquisitionChannel: 'store', marketingConsent: false, card: { kind: 'virtual' } },
    );
    if (answer.status !== 201) {
      this.refused.push(`enrolment answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return;
    }
    this.enrolments.push({ email, memberId: answer.body.member.id });
    this.members.push({
      memberId: answer.body.member.id,
      cardNumber: answer.body.card.number,
      email,
    });
  }

  private async untilAnswered<T>(
    app: AppName,
    path: string,
    credential: Record<string, string>,
    body: unknown,
  ): Promise<{ status: number; body: T }> {
    const key = randomUUID();
    const deadline = Date.now() + GIVE_UP_AFTER_MS;
    let lastOutcome: string;
    for (;;) {
      try {
        const response = await fetch(`${this.world.baseUrl(app)}${path}`, {
          method: 'POST',
          headers: { ...credential, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
        const text = await response.text();
        lastOutcome = `${response.status} ${text.slice(0, 300)}`;
        if (response.status < 500) return { status: response.status, body: JSON.parse(text) as T };
      } catch (error) {
        // No answer (connection refused or reset, a timeout): the write may or may not have
        // happened, which is what the key is for.
        lastOutcome = (error as Error).message;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${path} got no answer for ${GIVE_UP_AFTER_MS} ms (key ${key}); last: ${lastOutcome}\n` +
            `${app}'s last log lines:\n${this.world.recentLogs(app, 20)}`,
        );
      }
      this.retries += 1;
      await backOff(RETRY_BACKOFF_MS);
    }
  }
}
