import {
  capWindowStart,
  CardStatus,
  checkMemberTransfer,
  checkStaffTransfer,
  DomainError,
  DomainErrorCode,
  JournalTransactionKind,
  meaningfulReason,
  type Member,
  normaliseEmail,
  normalisePhone,
  refuseSelfTransfer,
  type StaffPrincipal,
  type TransferConsent,
} from '@loyalty/domain';
import {
  CardRepository,
  type IdempotentOutcome,
  LedgerReadsRepository,
  LedgerRepository,
  MemberRepository,
} from '@loyalty/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type BalanceAfter, balanceAfter, type LedgerCommand } from '../common/ledger-command';
import { accountOf, postingOf } from '../common/member-posting';
import { liveMemberOf, MemberResolver } from '../common/member-resolver';
import { ProgramSettings } from '../common/program-settings';
import { openMemberBook } from '../expiry/due-expiry';

export interface TransferToRecord {
  readonly fromMemberId: string;
  readonly toMemberId: string;
  readonly points: number;
  readonly reason: string | null;
}

/** How a member names who receives their points in the app: card number, email or phone. */
export type RecipientReference =
  { readonly cardNumber: string } | { readonly email: string } | { readonly phone: string };

export interface RecordedTransfer {
  readonly transactionId: string;
  readonly points: number;
  readonly from: { readonly memberId: string; readonly balance: BalanceAfter };
  readonly to: { readonly memberId: string; readonly balance: BalanceAfter };
}

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

/**
 * Moves available points from one member to another, on the sender's consent: the sender in
 * their own app session (a per-program allowance per 24 hours), or a manager of the sender's
 * store (or an admin) with a reason and within the program's cap per transfer. The journal
 * records who started it and on whose consent. The receiver gets the points lot by lot with the
 * same expiry dates, so passing points back and forth never extends their life.
 */
@Injectable()
export class TransferPointsUseCase {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly reads: LedgerReadsRepository,
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
  ): Promise<IdempotentOutcome<SentTransfer>> {
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
  ): Promise<IdempotentOutcome<RecordedTransfer & { dailyAllowanceLeft: number }>> {
    refuseSelfTransfer(transfer.fromMemberId, transfer.toMemberId, recipientField);
    const program = await this.settings.program(command.programId);
    const limits = program.pointLimits;
    const reason = authority.kind === 'staff' ? meaningfulReason(transfer.reason) : transfer.reason;
    const consent: TransferConsent =
      authority.kind === 'staff'
        ? { initiatedBy: { kind: 'staff', id: authority.staff.staffId }, consent: 'staff_attested' }
        : { initiatedBy: { kind: 'member', id: transfer.fromMemberId }, consent: 'member_app' };
    const accounts = await this.ledger.programAccountIds(command.programId, transfer.fromMemberId);
    const targetAccounts = await this.ledger.programAccountIds(
      command.programId,
      transfer.toMemberId,
    );
    // Every rule that can change (members, limits, the staff member's store) is checked after the
    // key is claimed: a retry of a transfer made before is answered as it was.
    return this.ledger.runIdempotent(command.idempotency, async (unit) => {
      const facts = await unit.memberFacts(command.programId, [
        transfer.fromMemberId,
        transfer.toMemberId,
      ]);
      const sender = liveMemberOf(facts, transfer.fromMemberId, 'fromMemberId');
      liveMemberOf(facts, transfer.toMemberId, recipientField);
      if (authority.kind === 'staff') {
        checkStaffTransfer(authority.staff, sender, transfer.points, limits);
      }
      const locked = await unit.lockMemberAccounts(command.programId, [
        transfer.fromMemberId,
        transfer.toMemberId,
      ]);
      const source = accountOf(locked, transfer.fromMemberId);
      const target = accountOf(locked, transfer.toMemberId);
      let dailyAllowanceLeft = limits.memberTransferDailyPoints;
      if (authority.kind === 'member') {
        const sentInLastDay = await unit.pointsMovedSince(
          source.accountId,
          transfer.fromMemberId,
          [JournalTransactionKind.Transfer],
          capWindowStart(),
          { direction: 'out', actorKind: 'member' },
        );
        checkMemberTransfer(transfer.points, sentInLastDay, limits);
        dailyAllowanceLeft = limits.memberTransferDailyPoints - sentInLastDay - transfer.points;
      }
      const now = new Date();
      const sourceBook = await openMemberBook(
        unit,
        command.programId,
        source,
        accounts.points_expired,
        now,
      );
      const targetBook = await openMemberBook(
        unit,
        command.programId,
        target,
        targetAccounts.points_expired,
        now,
      );
      for (const draw of sourceBook.spend(transfer.points)) {
        targetBook.credit({
          id: randomUUID(),
          amount: draw.points,
          availableFrom: now,
          expiresAt: draw.lot.expiresAt,
        });
      }
      const sourcePosting = postingOf(source, sourceBook);
      const targetPosting = postingOf(target, targetBook);
      const transactionId = randomUUID();
      await unit.post({
        id: transactionId,
        programId: command.programId,
        kind: JournalTransactionKind.Transfer,
        memberId: transfer.fromMemberId,
        actor: command.actor,
        reason,
        details: { toMemberId: transfer.toMemberId, ...consent },
        entries: [
          { accountId: source.accountId, points: -transfer.points },
          { accountId: target.accountId, points: transfer.points },
        ],
        newLots: targetPosting.newLots ?? [],
        lotMovements: [
          ...(sourcePosting.lotMovements ?? []),
          ...(targetPosting.lotMovements ?? []),
        ],
      });
      await unit.writeOutbox(
        [
          { memberId: transfer.fromMemberId, points: -transfer.points },
          { memberId: transfer.toMemberId, points: transfer.points },
        ].map((side) => ({
          programId: command.programId,
          memberId: side.memberId,
          type: 'points.transferred',
          payload: { transactionId, ...side, ...consent },
        })),
      );
      const [fromBalance, toBalance] = await Promise.all([
        this.reads.balanceOf(transfer.fromMemberId, now, unit.manager),
        this.reads.balanceOf(transfer.toMemberId, now, unit.manager),
      ]);
      return {
        status: 201,
        body: {
          transactionId,
          points: transfer.points,
          from: { memberId: transfer.fromMemberId, balance: balanceAfter(fromBalance) },
          to: { memberId: transfer.toMemberId, balance: balanceAfter(toBalance) },
          dailyAllowanceLeft,
        },
      };
    });
  }
}
