import { CardBlockReason } from '@loyalty/domain';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsUUID, ValidateNested } from 'class-validator';
import { CardToIssueRequest } from '../common/card-to-issue.requests';

/** Staff choose among these; `member_erased` is set by erasure only. */
const STAFF_BLOCK_REASONS = [
  CardBlockReason.Lost,
  CardBlockReason.Stolen,
  CardBlockReason.Fraud,
  CardBlockReason.Damaged,
] as const;

export class MemberCardParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  memberId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  cardId!: string;
}

export class BlockCardRequest {
  @ApiProperty({ enum: STAFF_BLOCK_REASONS })
  @IsIn(STAFF_BLOCK_REASONS)
  reason!: CardBlockReason;
}

export class ReplaceCardRequest {
  @ApiProperty({ enum: STAFF_BLOCK_REASONS, description: 'Why the old card goes out of use.' })
  @IsIn(STAFF_BLOCK_REASONS)
  reason!: CardBlockReason;

  @ApiProperty({ type: CardToIssueRequest, description: 'The card that replaces it.' })
  @ValidateNested()
  @Type(() => CardToIssueRequest)
  card!: CardToIssueRequest;
}
