import type { LedgerEvent, PlannedJournal, PlannedRecords } from '@loyalty/domain';
import type { EntityManager } from 'typeorm';
import { bindNamed } from '../../statements/named-parameters';

/** What a batch of plans writes: their journal transactions, events and the rows beside them. */
export interface Posting {
  readonly journals: readonly PlannedJournal[];
  readonly events: readonly LedgerEvent[];
  readonly records?: PlannedRecords;
}

/**
 * Every table a batch writes, in one statement. A round trip costs a batch more than a
 * statement's work does, since each one waits for the app's event loop; the writes need nothing
 * from each other (every id is chosen by the planner), and the triggers and foreign-key checks all
 * run at the end of the statement, when every row is in: the entries' trigger then checks each
 * transaction sums to zero and moves each account's balance once, the movements' trigger moves
 * each lot's remaining points once, and an approval's journal transaction exists when the
 * adjustment request names it.
 */
const POST_STATEMENT = `
  WITH journal AS (
    INSERT INTO journal_transactions (id, program_id, kind, member_id, reverses_transaction_id,
        purchase_id, store_id, actor_kind, actor_id, reason, details)
    SELECT * FROM unnest(:journal_id::uuid[], :journal_program_id::uuid[], :journal_kind::text[],
        :journal_member_id::uuid[], :journal_reverses_id::uuid[], :journal_purchase_id::uuid[],
        :journal_store_id::uuid[], :journal_actor_kind::text[], :journal_actor_id::uuid[],
        :journal_reason::text[], :journal_details::jsonb[])),
  entry AS (
    INSERT INTO journal_entries (transaction_id, account_id, points)
    SELECT * FROM unnest(:entry_transaction_id::uuid[], :entry_account_id::uuid[],
        :entry_points::bigint[])),
  lot AS (
    INSERT INTO lots (id, account_id, credited_by_transaction_id, amount, available_from,
        expires_at)
    SELECT * FROM unnest(:lot_id::uuid[], :lot_account_id::uuid[], :lot_transaction_id::uuid[],
        :lot_amount::bigint[], :lot_available_from::timestamptz[], :lot_expires_at::timestamptz[])),
  movement AS (
    INSERT INTO lot_movements (transaction_id, lot_id, points)
    SELECT * FROM unnest(:movement_transaction_id::uuid[], :movement_lot_id::uuid[],
        :movement_points::bigint[])),
  purchase AS (
    INSERT INTO purchases (id, program_id, member_id, card_id, store_id, receipt_id, amount_minor,
        currency, occurred_at, lines, earning_rule_set_id, points_earned, earn_transaction_id)
    SELECT * FROM unnest(:purchase_id::uuid[], :purchase_program_id::uuid[],
        :purchase_member_id::uuid[], :purchase_card_id::uuid[], :purchase_store_id::uuid[],
        :purchase_receipt_id::text[], :purchase_amount_minor::bigint[],
        :purchase_currency::char(3)[], :purchase_occurred_at::timestamptz[],
        :purchase_lines::jsonb[], :purchase_rule_set_id::uuid[], :purchase_points::bigint[],
        :purchase_transaction_id::uuid[])),
  refund AS (
    INSERT INTO purchase_refunds (id, purchase_id, amount_minor, points_reversed, transaction_id,
        occurred_at)
    SELECT * FROM unnest(:refund_id::uuid[], :refund_purchase_id::uuid[],
        :refund_amount_minor::bigint[], :refund_points::bigint[], :refund_transaction_id::uuid[],
        :refund_occurred_at::timestamptz[])),
  adjustment_request AS (
    INSERT INTO adjustment_requests (id, program_id, member_id, points, reason, requested_by,
        requested_role)
    SELECT * FROM unnest(:request_id::uuid[], :request_program_id::uuid[],
        :request_member_id::uuid[], :request_points::bigint[], :request_reason::text[],
        :request_requested_by::uuid[], :request_role::text[])),
  adjustment_decision AS (
    UPDATE adjustment_requests r
       SET status = d.status, decided_by = d.decided_by, decided_at = clock_timestamp(),
           decision_note = d.note, transaction_id = d.transaction_id
      FROM unnest(:decision_id::uuid[], :decision_status::text[], :decision_decided_by::uuid[],
               :decision_note::text[], :decision_transaction_id::uuid[])
        AS d(id, status, decided_by, note, transaction_id)
     WHERE r.id = ANY(:decision_id::uuid[]) AND r.id = d.id AND r.status = 'pending'
     RETURNING r.id),
  hold AS (
    INSERT INTO point_holds (id, program_id, member_id, store_id, points, reference, expires_at,
        hold_transaction_id)
    SELECT * FROM unnest(:hold_id::uuid[], :hold_program_id::uuid[], :hold_member_id::uuid[],
        :hold_store_id::uuid[], :hold_points::bigint[], :hold_reference::text[],
        :hold_expires_at::timestamptz[], :hold_transaction_id::uuid[])),
  hold_settlement AS (
    UPDATE point_holds h
       SET status = s.status, captured_points = s.captured_points, settled_by = s.settled_by,
           settled_transaction_id = s.transaction_id, settled_at = clock_timestamp()
      FROM unnest(:settlement_hold_id::uuid[], :settlement_status::text[],
               :settlement_captured_points::bigint[], :settlement_settled_by::text[],
               :settlement_transaction_id::uuid[])
        AS s(id, status, captured_points, settled_by, transaction_id)
     WHERE h.id = ANY(:settlement_hold_id::uuid[]) AND h.id = s.id AND h.status = 'held'
     RETURNING h.id),
  voucher AS (
    INSERT INTO vouchers (id, program_id, member_id, reward_id, reward_version_id, code_hash,
        points, expires_at, claimed_store_id, claim_transaction_id)
    SELECT id, program_id, member_id, reward_id, reward_version_id, decode(code_hash, 'hex'),
           points, expires_at, claimed_store_id, claim_transaction_id
      FROM unnest(:voucher_id::uuid[], :voucher_program_id::uuid[], :voucher_member_id::uuid[],
               :voucher_reward_id::uuid[], :voucher_reward_version_id::uuid[],
               :voucher_code_hash::text[], :voucher_points::bigint[],
               :voucher_expires_at::timestamptz[], :voucher_claimed_store_id::uuid[],
               :voucher_claim_transaction_id::uuid[])
        AS v(id, program_id, member_id, reward_id, reward_version_id, code_hash, points,
             expires_at, claimed_store_id, claim_transaction_id)),
  reward_stock AS (
    UPDATE catalog_rewards r SET stock_claimed = r.stock_claimed + t.claimed
      FROM unnest(:stock_reward_id::uuid[], :stock_claimed::bigint[], :stock_limit::bigint[])
        AS t(id, claimed, stock_limit)
     WHERE r.id = ANY(:stock_reward_id::uuid[]) AND r.id = t.id
       AND (t.stock_limit IS NULL OR r.stock_claimed + t.claimed <= t.stock_limit)
     RETURNING r.id),
  voucher_change AS (
    UPDATE vouchers v
       SET status = c.status, redemption_transaction_id = c.redemption_transaction_id,
           redeemed_at = CASE WHEN c.redemption_transaction_id IS NULL THEN NULL
                              ELSE clock_timestamp() END,
           redeemed_store_id = c.store_id, redeemed_receipt_id = c.receipt_id,
           settled_transaction_id = c.settled_transaction_id
      FROM unnest(:change_voucher_id::uuid[], :change_from_status::text[],
               :change_status::text[], :change_redemption_transaction_id::uuid[],
               :change_store_id::uuid[], :change_receipt_id::text[],
               :change_settled_transaction_id::uuid[])
        AS c(id, from_status, status, redemption_transaction_id, store_id, receipt_id,
             settled_transaction_id)
     WHERE v.id = ANY(:change_voucher_id::uuid[]) AND v.id = c.id AND v.status = c.from_status
     RETURNING v.id),
  campaign_credit AS (
    INSERT INTO campaign_credits (purchase_id, campaign_code, program_id, member_id, points,
        occurred_at)
    SELECT * FROM unnest(:credit_purchase_id::uuid[], :credit_code::text[],
        :credit_program_id::uuid[], :credit_member_id::uuid[], :credit_points::bigint[],
        :credit_occurred_at::timestamptz[])),
  campaign_spend AS (
    UPDATE campaign_budgets b SET spent_points = b.spent_points + s.points
      FROM unnest(:spend_program_id::uuid[], :spend_code::text[], :spend_points::bigint[],
               :spend_budget::bigint[]) AS s(program_id, code, points, budget)
     WHERE b.program_id = s.program_id AND b.code = s.code
       AND (s.budget IS NULL OR b.spent_points + s.points <= s.budget)
     RETURNING b.code),
  event AS (
    INSERT INTO outbox_events (program_id, member_id, type, payload)
    SELECT * FROM unnest(:event_program_id::uuid[], :event_member_id::uuid[],
        :event_type::text[], :event_payload::jsonb[])),
  spent_code AS (
    UPDATE redemption_codes SET used_at = clock_timestamp() WHERE id = ANY(:spent_code_id::uuid[])),
  ended_code AS (
    UPDATE redemption_codes SET expires_at = least(expires_at, clock_timestamp())
     WHERE member_id = ANY(:codes_ended_for::uuid[]) AND used_at IS NULL
       AND expires_at > clock_timestamp())
  SELECT (SELECT count(*) FROM adjustment_decision)::int AS decided,
         (SELECT count(*) FROM hold_settlement)::int AS settled,
         (SELECT count(*) FROM reward_stock)::int AS stocked,
         (SELECT count(*) FROM voucher_change)::int AS vouchers_changed,
         (SELECT count(*) FROM campaign_spend)::int AS campaigns_spent`;

const iso = (date: Date | null | undefined): string | null => date?.toISOString() ?? null;

/** The named values of POST_STATEMENT for a batch of postings. */
function postValues(postings: readonly Posting[]): Record<string, unknown[]> {
  const journals = postings.flatMap((posting) => posting.journals);
  const entries = journals.flatMap((j) => j.entries.map((e) => ({ ...e, transactionId: j.id })));
  const lots = journals.flatMap((j) =>
    (j.newLots ?? []).map((l) => ({ ...l, transactionId: j.id })),
  );
  const movements = journals.flatMap((j) =>
    (j.lotMovements ?? []).map((m) => ({ ...m, transactionId: j.id })),
  );
  const events = postings.flatMap((posting) => posting.events);
  const purchases = postings.flatMap((posting) => posting.records?.purchases ?? []);
  const refunds = postings.flatMap((posting) => posting.records?.refunds ?? []);
  const requests = postings.flatMap((posting) => posting.records?.adjustmentRequests ?? []);
  const decisions = postings.flatMap((posting) => posting.records?.adjustmentDecisions ?? []);
  const holds = postings.flatMap((posting) => posting.records?.holds ?? []);
  const settlements = postings.flatMap((posting) => posting.records?.holdSettlements ?? []);
  const vouchers = postings.flatMap((posting) => posting.records?.vouchers ?? []);
  const stock = postings.flatMap((posting) => posting.records?.rewardStockTaken ?? []);
  const changes = postings.flatMap((posting) => posting.records?.voucherChanges ?? []);
  const credits = postings.flatMap((posting) => posting.records?.campaignCredits ?? []);
  // One update per campaign, guarded by the largest budget its purchases were priced under
  // (each planner kept within its own).
  const spends = new Map<
    string,
    { programId: string; code: string; points: number; budget: number | null }
  >();
  for (const credit of credits) {
    const key = `${credit.programId}\n${credit.campaignCode}`;
    const spend = spends.get(key) ?? {
      programId: credit.programId,
      code: credit.campaignCode,
      points: 0,
      budget: credit.budgetPoints,
    };
    spend.points += credit.points;
    spend.budget =
      spend.budget === null || credit.budgetPoints === null
        ? null
        : Math.max(spend.budget, credit.budgetPoints);
    spends.set(key, spend);
  }
  const spent = [...spends.values()];
  return {
    journal_id: journals.map((j) => j.id),
    journal_program_id: journals.map((j) => j.programId),
    journal_kind: journals.map((j) => j.kind),
    journal_member_id: journals.map((j) => j.memberId),
    journal_reverses_id: journals.map((j) => j.reversesTransactionId ?? null),
    journal_purchase_id: journals.map((j) => j.purchaseId ?? null),
    journal_store_id: journals.map((j) => j.storeId ?? null),
    journal_actor_kind: journals.map((j) => j.actor.kind),
    journal_actor_id: journals.map((j) => j.actor.id),
    journal_reason: journals.map((j) => j.reason ?? null),
    journal_details: journals.map((j) => JSON.stringify(j.details ?? {})),
    entry_transaction_id: entries.map((e) => e.transactionId),
    entry_account_id: entries.map((e) => e.accountId),
    entry_points: entries.map((e) => e.points),
    lot_id: lots.map((l) => l.id),
    lot_account_id: lots.map((l) => l.accountId),
    lot_transaction_id: lots.map((l) => l.transactionId),
    lot_amount: lots.map((l) => l.amount),
    lot_available_from: lots.map((l) => iso(l.availableFrom)),
    lot_expires_at: lots.map((l) => iso(l.expiresAt)),
    movement_transaction_id: movements.map((m) => m.transactionId),
    movement_lot_id: movements.map((m) => m.lotId),
    movement_points: movements.map((m) => m.points),
    purchase_id: purchases.map((p) => p.id),
    purchase_program_id: purchases.map((p) => p.programId),
    purchase_member_id: purchases.map((p) => p.memberId),
    purchase_card_id: purchases.map((p) => p.cardId),
    purchase_store_id: purchases.map((p) => p.storeId),
    purchase_receipt_id: purchases.map((p) => p.receiptId),
    purchase_amount_minor: purchases.map((p) => p.amountMinor),
    purchase_currency: purchases.map((p) => p.currency),
    purchase_occurred_at: purchases.map((p) => iso(p.occurredAt)),
    purchase_lines: purchases.map((p) => JSON.stringify(p.lines)),
    purchase_rule_set_id: purchases.map((p) => p.earningRuleSetId),
    purchase_points: purchases.map((p) => p.pointsEarned),
    purchase_transaction_id: purchases.map((p) => p.earnTransactionId),
    refund_id: refunds.map((r) => r.id),
    refund_purchase_id: refunds.map((r) => r.purchaseId),
    refund_amount_minor: refunds.map((r) => r.amountMinor),
    refund_points: refunds.map((r) => r.pointsReversed),
    refund_transaction_id: refunds.map((r) => r.transactionId),
    refund_occurred_at: refunds.map((r) => iso(r.occurredAt)),
    request_id: requests.map((r) => r.id),
    request_program_id: requests.map((r) => r.programId),
    request_member_id: requests.map((r) => r.memberId),
    request_points: requests.map((r) => r.points),
    request_reason: requests.map((r) => r.reason),
    request_requested_by: requests.map((r) => r.requestedBy),
    request_role: requests.map((r) => r.requestedRole),
    decision_id: decisions.map((d) => d.id),
    decision_status: decisions.map((d) => d.status),
    decision_decided_by: decisions.map((d) => d.decidedBy),
    decision_note: decisions.map((d) => d.note),
    decision_transaction_id: decisions.map((d) => d.transactionId),
    hold_id: holds.map((h) => h.id),
    hold_program_id: holds.map((h) => h.programId),
    hold_member_id: holds.map((h) => h.memberId),
    hold_store_id: holds.map((h) => h.storeId),
    hold_points: holds.map((h) => h.points),
    hold_reference: holds.map((h) => h.reference),
    hold_expires_at: holds.map((h) => iso(h.expiresAt)),
    hold_transaction_id: holds.map((h) => h.holdTransactionId),
    settlement_hold_id: settlements.map((s) => s.id),
    settlement_status: settlements.map((s) => s.status),
    settlement_captured_points: settlements.map((s) => s.capturedPoints),
    settlement_settled_by: settlements.map((s) => s.settledBy),
    settlement_transaction_id: settlements.map((s) => s.transactionId),
    voucher_id: vouchers.map((v) => v.id),
    voucher_program_id: vouchers.map((v) => v.programId),
    voucher_member_id: vouchers.map((v) => v.memberId),
    voucher_reward_id: vouchers.map((v) => v.rewardId),
    voucher_reward_version_id: vouchers.map((v) => v.rewardVersionId),
    voucher_code_hash: vouchers.map((v) => v.codeHash),
    voucher_points: vouchers.map((v) => v.points),
    voucher_expires_at: vouchers.map((v) => iso(v.expiresAt)),
    voucher_claimed_store_id: vouchers.map((v) => v.claimedStoreId),
    voucher_claim_transaction_id: vouchers.map((v) => v.claimTransactionId),
    stock_reward_id: stock.map((t) => t.rewardId),
    stock_claimed: stock.map((t) => t.claimed),
    stock_limit: stock.map((t) => t.stock),
    change_voucher_id: changes.map((c) => c.id),
    change_from_status: changes.map((c) => c.fromStatus),
    change_status: changes.map((c) => c.status),
    change_redemption_transaction_id: changes.map((c) => c.redemption?.transactionId ?? null),
    change_store_id: changes.map((c) => c.redemption?.storeId ?? null),
    change_receipt_id: changes.map((c) => c.redemption?.receiptId ?? null),
    change_settled_transaction_id: changes.map((c) => c.settledTransactionId),
    credit_purchase_id: credits.map((c) => c.purchaseId),
    credit_code: credits.map((c) => c.campaignCode),
    credit_program_id: credits.map((c) => c.programId),
    credit_member_id: credits.map((c) => c.memberId),
    credit_points: credits.map((c) => c.points),
    credit_occurred_at: credits.map((c) => iso(c.occurredAt)),
    spend_program_id: spent.map((s) => s.programId),
    spend_code: spent.map((s) => s.code),
    spend_points: spent.map((s) => s.points),
    spend_budget: spent.map((s) => s.budget),
    event_program_id: events.map((e) => e.programId),
    event_member_id: events.map((e) => e.memberId),
    event_type: events.map((e) => e.type),
    event_payload: events.map((e) => JSON.stringify(e.payload)),
    spent_code_id: postings.flatMap((posting) => posting.records?.spentCodeIds ?? []),
    codes_ended_for: postings.flatMap((posting) => posting.records?.codesEndedFor ?? []),
  };
}

/**
 * Posts a batch's plans in one statement. A decision on an adjustment request that is no longer
 * pending, a settlement of a hold no longer held, a claim past a reward's stock, or a voucher no
 * longer in the status it was read in, is a programming error (each was locked and checked under
 * the lock): it throws, and the batch rolls back.
 */
export async function postBatch(
  manager: EntityManager,
  postings: readonly Posting[],
): Promise<void> {
  const values = postValues(postings);
  if (Object.values(values).every((column) => column.length === 0)) return;
  const [text, parameters] = bindNamed(POST_STATEMENT, values);
  const [row] = await manager.query<
    {
      decided: number;
      settled: number;
      stocked: number;
      vouchers_changed: number;
      campaigns_spent: number;
    }[]
  >(text, parameters);
  if ((row?.decided ?? 0) !== values.decision_id!.length) {
    throw new Error('an adjustment request decided in this batch was not pending');
  }
  if ((row?.settled ?? 0) !== values.settlement_hold_id!.length) {
    throw new Error('a hold settled in this batch was not held');
  }
  if ((row?.stocked ?? 0) !== values.stock_reward_id!.length) {
    // The reward's row is locked while its claims are planned: only a planning error gets here.
    throw new Error('a reward claimed in this batch is out of stock');
  }
  if ((row?.vouchers_changed ?? 0) !== values.change_voucher_id!.length) {
    throw new Error('a voucher changed in this batch was not in the status it was read in');
  }
  if ((row?.campaigns_spent ?? 0) !== values.spend_code!.length) {
    // The campaigns' rows are locked while their purchases are planned: a planning error.
    throw new Error('a campaign credited in this batch would have gone over its budget');
  }
}
