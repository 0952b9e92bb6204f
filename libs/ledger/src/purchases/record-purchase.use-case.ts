import {
  type Campaign,
  DomainError,
  DomainErrorCode,
  type EarningRuleSet,
  type Program,
  startOfPeriod,
} from '@loyalty/domain';
import { type IdempotentAnswer, violatedUniqueConstraint } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import type { LedgerCommand } from '../common/ledger-command';
import {
  type BatchMember,
  identifyReferencedMembers,
  referenceConflictKey,
} from '../common/member-resolver';
import { ProgramSettings } from '../common/program-settings';
import type { Settled } from '../writer/group-commit';
import { type LedgerOperation, settleEach } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import {
  countedCampaigns,
  planPurchase,
  type PurchaseToPlan,
  type PurchaseToRecord,
  type RecordedPurchase,
} from './purchase.plan';

export type { PurchaseToRecord, RecordedPurchase } from './purchase.plan';

/**
 * The most purchases one transaction takes. Past a few hundred the commit is no longer what a
 * batch waits for, and a larger batch only holds its member locks longer (docs/performance.md).
 */
export const PURCHASE_BATCH_LIMIT = 256;

/**
 * Batches of one program written at once. One batch spends most of its time waiting (on its
 * statements' round trips and its WAL flush), so a second and third overlap it; more only hold
 * more connections of the pool (docs/performance.md).
 */
export const PURCHASE_BATCHES_IN_FLIGHT = 4;

/** A purchase checked against its program and priced rules, waiting for its batch. */
interface PurchaseCredit {
  readonly command: LedgerCommand;
  readonly program: Program;
  readonly purchase: PurchaseToRecord;
  readonly ruleSet: EarningRuleSet;
  readonly recordedAs: 'live' | 'history';
}

/**
 * The program and the earning rules a purchase is priced by, once it is checked against them:
 * the program's currency, lines that add up to the amount, rules in force when it happened.
 */
export async function pricingOf(
  settings: ProgramSettings,
  programId: string,
  purchase: Omit<PurchaseToRecord, 'receiptId'>,
): Promise<{ program: Program; ruleSet: EarningRuleSet }> {
  const program = await settings.program(programId);
  if (purchase.currency !== program.currency) {
    throw new DomainError(
      DomainErrorCode.CurrencyNotAccepted,
      `the program earns on ${program.currency} purchases, not ${purchase.currency}`,
      'currency',
    );
  }
  const linesTotal = purchase.lines.reduce((sum, line) => sum + line.amountMinor, 0);
  if (purchase.lines.length > 0 && linesTotal !== purchase.amountMinor) {
    throw new DomainError(
      DomainErrorCode.ValidationFailed,
      `the lines add up to ${linesTotal}, not to amountMinor ${purchase.amountMinor}`,
      'lines',
    );
  }
  const ruleSet = await settings.earningRulesAt(program.id, purchase.occurredAt);
  if (!ruleSet) {
    throw new DomainError(
      DomainErrorCode.EarningRulesMissing,
      'the program had no earning rules in force when the purchase happened',
      'occurredAt',
    );
  }
  return { program, ruleSet };
}

/**
 * What a member's limits on the counted campaigns ask of the credits already recorded: the
 * points they got from each since its period (of the purchase's date) began.
 */
export function memberLimitQueries(
  campaigns: readonly Campaign[],
  memberId: string,
  occurredAt: Date,
  program: Pick<Program, 'timezone'>,
  item = 0,
) {
  return campaigns.flatMap((campaign) =>
    campaign.perMemberLimit
      ? [
          {
            item,
            memberId,
            code: campaign.code,
            since: startOfPeriod(occurredAt, campaign.perMemberLimit.period, program.timezone),
          },
        ]
      : [],
  );
}

const receiptAlreadyRecorded = () =>
  new DomainError(
    DomainErrorCode.ReceiptAlreadyRecorded,
    'this store already recorded a purchase with this receipt id',
    'receiptId',
  );

/**
 * A till reports a purchase: it is stored (the history CLV learns from) and earns points by the
 * rules in force when it happened. A sale older than the program's offline window, or above its
 * largest purchase, is refused. The points stay pending through the return window, counted from
 * when they are recorded; points already past their expiry go straight to the expired account.
 *
 * Concurrent purchases of a program are written together (group commit, LedgerWriter): each
 * caller still gets its own answer once its purchase is committed, and one refused purchase never
 * fails the others.
 */
@Injectable()
export class RecordPurchaseUseCase {
  private readonly operation: LedgerOperation<
    PurchaseCredit,
    BatchMember,
    Omit<PurchaseToPlan, 'program' | 'purchase' | 'ruleSet' | 'recordedAs' | 'actor'>,
    RecordedPurchase
  > = {
    name: 'purchase',
    maxBatch: PURCHASE_BATCH_LIMIT,
    maxInFlight: PURCHASE_BATCHES_IN_FLIGHT,
    claimOf: (item) => item.command.idempotency,
    conflictKeysOf: ({ command, purchase }) => [
      `key\n${command.idempotency.caller}\n${command.idempotency.key}`,
      `receipt\n${purchase.storeId}\n${purchase.receiptId}`,
      referenceConflictKey(purchase.member),
    ],
    identify: async (transaction, programId, items) => {
      const members = await identifyReferencedMembers(
        transaction,
        programId,
        items.map((item) => item.purchase.member),
      );
      const taken = await transaction.reads.receiptsTaken(items.map((item) => item.purchase));
      return members.map((member, n): Settled<{ memberIds: string[]; found: BatchMember }> => {
        if (!member.ok) return member;
        if (taken[n]) return { ok: false, error: receiptAlreadyRecorded() };
        return { ok: true, value: { memberIds: [member.value.memberId], found: member.value } };
      });
    },
    load: async (transaction, programId, items) => {
      // Budgeted campaigns' rows are locked once for the batch; their spent points are shared by
      // its plans, each adding what it credits (CampaignAllowances).
      const counted = items.map(({ item }) =>
        countedCampaigns(item.ruleSet, item.purchase.occurredAt),
      );
      const spent = await transaction.rewardReads.lockCampaignBudgets(
        programId,
        counted.flat().map((campaign) => campaign.code),
      );
      const asked = items.flatMap(({ item, found }, n) =>
        memberLimitQueries(counted[n]!, found.memberId, item.purchase.occurredAt, item.program, n),
      );
      const used = await transaction.rewardReads.campaignPointsOf(asked);
      const numbered = items.map((loading, n) => ({ ...loading, n }));
      return settleEach(numbered, async ({ found, accounts, n }) => ({
        member: found,
        tierMultiplierBp: await this.settings.tierMultiplierBp(programId, found.tier),
        points: { ...accounts.get(found.memberId)!, lots: [] },
        campaigns: {
          spent,
          memberPoints: new Map(
            asked.flatMap((query, q) =>
              query.item === n ? [[query.code, used[q]!] as const] : [],
            ),
          ),
        },
      }));
    },
    plan: (item, loaded, context) =>
      planPurchase({ ...item, actor: item.command.actor, ...loaded }, context),
    explain: (error) =>
      violatedUniqueConstraint(error) === 'purchases_store_id_receipt_id_key'
        ? receiptAlreadyRecorded()
        : error,
  };

  constructor(
    private readonly settings: ProgramSettings,
    private readonly writer: LedgerWriter,
  ) {}

  /**
   * `history` is for the operator's own imports of purchases the program took before it came
   * here (the demo seed): no offline window, and the return window runs from the sale. It is
   * never reachable over HTTP; tills always record `live`.
   */
  async execute(
    command: LedgerCommand,
    purchase: PurchaseToRecord,
    recordedAs: 'live' | 'history' = 'live',
  ): Promise<IdempotentAnswer<RecordedPurchase>> {
    if (recordedAs === 'history' && command.actor.kind !== 'system') {
      throw new Error('only the operator imports purchase history');
    }
    const { program, ruleSet } = await pricingOf(this.settings, command.programId, purchase);
    return this.writer.submit(this.operation, program.id, {
      command,
      program,
      purchase,
      ruleSet,
      recordedAs,
    });
  }
}
