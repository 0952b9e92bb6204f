import { JournalTransactionKind } from '@loyalty/domain';
import { ApiProperty, PickType } from '@nestjs/swagger';

export class HistoryItemResponse {
  @ApiProperty({ format: 'uuid' })
  transactionId!: string;

  @ApiProperty({ enum: JournalTransactionKind })
  kind!: JournalTransactionKind;

  @ApiProperty({ description: 'How the member’s balance moved.' })
  points!: number;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  storeId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  purchaseId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  reversesTransactionId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  reversedByTransactionId!: string | null;
}

export class HistoryResponse {
  @ApiProperty({ type: [HistoryItemResponse] })
  items!: HistoryItemResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class JournalEntryResponse {
  @ApiProperty({ format: 'uuid' })
  accountId!: string;

  @ApiProperty({ example: 'member' })
  accountKind!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  memberId!: string | null;

  @ApiProperty()
  points!: number;
}

export class TransactionResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: JournalTransactionKind })
  kind!: JournalTransactionKind;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  memberId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  reversesTransactionId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  reversedByTransactionId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  purchaseId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  storeId!: string | null;

  @ApiProperty({ example: { kind: 'staff', id: '3f0e…' } })
  actor!: { kind: string; id: string | null };

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: Object })
  details!: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: [JournalEntryResponse] })
  entries!: JournalEntryResponse[];
}

/**
 * One of the member's own transactions as their app shows it: how far it moved their points and
 * why, with no staff id, no account id and no other member's id.
 */
export class MyTransactionResponse extends PickType(TransactionResponse, [
  'id',
  'kind',
  'reason',
  'storeId',
  'purchaseId',
  'reversesTransactionId',
  'reversedByTransactionId',
  'occurredAt',
] as const) {
  @ApiProperty({ description: 'How far it moved the member’s points: credits positive.' })
  points!: number;

  @ApiProperty({ enum: ['staff', 'member', 'pos-terminal', 'system'], description: 'Who made it.' })
  madeBy!: string;
}

export class LotsByExpiryResponse {
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When these points expire; null for points that never do.',
  })
  expiresAt!: string | null;

  @ApiProperty({ description: 'Spendable now.' })
  availablePoints!: number;

  @ApiProperty({ description: 'Earned but still inside the return window.' })
  pendingPoints!: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the last of the pending points becomes spendable.',
  })
  pendingUntil!: string | null;
}

export class MemberLotsResponse {
  @ApiProperty({
    type: [LotsByExpiryResponse],
    description:
      'The member’s open points by expiry instant, soonest first, those that never expire last ' +
      '(at most 100 instants).',
  })
  items!: LotsByExpiryResponse[];
}
