import {
  capWindowStart,
  CardStatus,
  checkStaffTransfer,
  DomainError,
  DomainErrorCode,
  JournalTransactionKind,
  meaningfulReason,
  type Member,
  normaliseEmail,
  normalisePhone,
  type ProgramPointLimits,
  refuseSelfTransfer,
  type StaffPrincipal,
  type TransferConsent,
} from '@loyalty/domain';
import { CardRepository, type IdempotentAnswer, MemberRepository } from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { memberPointsOf } from '../common/member-points-operation';
import type { BalanceAfter, LedgerCommand } from '../common/ledger-command';
import { liveMemberOf, MemberResolver } from '../common/member-resolver';
import { ProgramSettings } from '../common/program-settings';
import { type LedgerOperation, settleEach, settleEachNow } from '../writer/ledger-operation';
import { LedgerWriter } from '../writer/ledger-writer';
import {
  planTransfer,
  type RecordedTransfer,
  type TransferToPlan,
  type TransferToRecord,
} from './transfer.plan';

export type { RecordedTransfer, TransferToRecord } from './transfer.plan';

/** How a member names who receives their points in the app: card number, email or phone. */
export type RecipientReference =
  { readonly cardNumber: string } | { readonly email: string } | { readonly phone: string };

/** What a member sees of their transfer: never the recipient's balance. */
export interface SentTransfer {
  readonly transactionId: string;
  readonly points: number;
  readonly toMemberId: string;
  readonly balance: BalanceAfter;
  /** What the member may still send in the next 24 hours. */
  readonly dailyAllowanceLeft: number;
}

/** Who asks for a transfer: the sending member themselves, or staff on their behalf. */
export type TransferAuthority =
  { readonly kind: 'member' } | { readonly kind: 'staff'; readonly staff: StaffPrincipal };

const recipientNotFound = (field: string) =>
  new DomainError(
    DomainErrorCode.MemberNotFound,
    'no member of the program can receive points under this reference',
    field,
  );

/** The most transfers one transaction takes: members send now and then, not at till rates. */
export const TRANSFER_BATCH_LIMIT = 32;

interface PointsTransfer {
  readonly command: LedgerCommand;
  readonly authority: TransferAuthority;
  readonly transfer: TransferToRecord;
  readonly recipientField: string;
  readonly consent: TransferConsent;
  readonly limits: ProgramPointLimits;
}

/**
 * Moves available points from one member to another, on the sender's consent: the sender in
 * their own app session (a per-program allowance per 24 hours), or a manager of the sender's
 * store (or an admin) with a reason and within the program's cap per transfer. The journal
 * records who started it and on whose consent. The receiver gets the points lot by lot with the
 * same expiry dates, so passing points back and forth never extends their life.
 */
@Injectable()
export class TransferPointsUseCase {
  private readonly operation: LedgerOperation<
    PointsTransfer,
    null,
    Pick<TransferToPlan, 'sentByMemberInLastDay' | 'source' | 'target'>,
    RecordedTransfer
  > = {
    name: 'transfer',
    maxBatch: TRANSFER_BATCH_LIMIT,
    maxInFlight: 2,
    claimOf: (item) => item.command.idempotency,
    // The sender's allowance is read under their lock; two transfers of one sender never share
    // a batch, so each reads what the other sent.
    conflictKeysOf: ({ command, transfer }) => [
      `key\n${command.idempotency.caller}\n${command.idempotency.key}`,
      `member\n${transfer.fromMemberId}`,
    ],
    // Every rule that can change (members, limits, the staff member's store) is checked after
    // the key is claimed: a retry of a transfer made before is answered as it was.
    identify: async (transaction, programId, items) => {
      const facts = await transaction.reads.memberFacts(
        programId,
        items.flatMap(({ transfer }) => [transfer.fromMemberId, transfer.toMemberId]),
      );
      return settleEachNow(items, ({ transfer, authority, recipientField, limits }) => {
        const sender = liveMemberOf(facts, transfer.fromMemberId, 'fromMemberId');
        liveMemberOf(facts, transfer.toMemberId, recipientField);
        if (authority.kind === 'staff') {
          checkStaffTransfer(authority.staff, sender, transfer.points, limits);
        }
        return { memberIds: [transfer.fromMemberId, transfer.toMemberId], found: null };
      });
    },
    load: (transaction, _, items) =>
      settleEach(items, async ({ item, accounts }) => {
        const source = accounts.get(item.transfer.fromMemberId)!;
        return {
          sentByMemberInLastDay:
            item.authority.kind === 'member'
              ? await transaction.reads.pointsMovedSince(
                  source.accountId,
                  source.memberId,
                  [JournalTransactionKind.Transfer],
                  capWindowStart(),
                  { direction: 'out', actorKind: 'member' },
                )
              : null,
          source: await memberPointsOf(transaction, source),
          target: await memberPointsOf(transaction, accounts.get(item.transfer.toMemberId)!),
        };
      }),
    plan: (item, loaded, context) =>
      planTransfer(
        {
          ...loaded,
          programId: item.command.programId,
          actor: item.command.actor,
          transfer: item.transfer,
          consent: item.consent,
          limits: item.limits,
        },
        context,
      ),
  };

  constructor(
    private readonly writer: LedgerWriter,
    private readonly memberResolver: MemberResolver,
    private readonly settings: ProgramSettings,
    private readonly members: MemberRepository,
    private readonly cards: CardRepository,
  ) {}

  /** The member a sender names in the app; erased members and inactive cards receive nothing. */
  async recipient(programId: string, reference: RecipientReference): Promise<Member> {
    const program = await this.settings.program(programId);
    if ('cardNumber' in reference) {
      const found = await this.cards.lookUpByNumber(programId, reference.cardNumber);
      if (!found?.card.memberId || found.card.status !== CardStatus.Active) {
        throw recipientNotFound('to.cardNumber');
      }
      return this.memberResolver.member(programId, found.card.memberId, 'to.cardNumber');
    }
    if ('email' in reference) {
      const member = await this.members.findByEmail(programId, normaliseEmail(reference.email));
      if (!member) throw recipientNotFound('to.email');
      return member;
    }
    const phone = normalisePhone(reference.phone, program.phoneRegion);
    if (!phone) {
      throw new DomainError(
        DomainErrorCode.InvalidPhoneNumber,
        'not a phone number of the program',
        'to.phone',
      );
    }
    const [member] = (await this.members.findByContact(programId, { phone })).filter(
      (each) => !each.erasedAt,
    );
    if (!member) throw recipientNotFound('to.phone');
    return member;
  }

  /** A member sends points from the app. */
  async send(
    command: LedgerCommand,
    to: RecipientReference,
    points: number,
  ): Promise<IdempotentAnswer<SentTransfer>> {
    if (command.actor.kind !== 'member' || !command.actor.id) {
      throw new Error('a member sends their own points');
    }
    const recipient = await this.recipient(command.programId, to);
    const outcome = await this.execute(
      command,
      { kind: 'member' },
      { fromMemberId: command.actor.id, toMemberId: recipient.id, points, reason: null },
      'to',
    );
    return {
      ...outcome,
      body: {
        transactionId: outcome.body.transactionId,
        points: outcome.body.points,
        toMemberId: outcome.body.to.memberId,
        balance: outcome.body.from.balance,
        dailyAllowanceLeft: outcome.body.dailyAllowanceLeft,
      },
    };
  }

  async execute(
    command: LedgerCommand,
    authority: TransferAuthority,
    transfer: TransferToRecord,
    recipientField = 'toMemberId',
  ): Promise<IdempotentAnswer<RecordedTransfer>> {
    refuseSelfTransfer(transfer.fromMemberId, transfer.toMemberId, recipientField);
    const program = await this.settings.program(command.programId);
    const reason = authority.kind === 'staff' ? meaningfulReason(transfer.reason) : transfer.reason;
    const consent: TransferConsent =
      authority.kind === 'staff'
        ? { initiatedBy: { kind: 'staff', id: authority.staff.staffId }, consent: 'staff_attested' }
        : { initiatedBy: { kind: 'member', id: transfer.fromMemberId }, consent: 'member_app' };
    return this.writer.submit(this.operation, command.programId, {
      command,
      authority,
      transfer: { ...transfer, reason },
      recipientField,
      consent,
      limits: program.pointLimits,
    });
  }
}
