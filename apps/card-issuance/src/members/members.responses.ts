import { ApiProperty } from '@nestjs/swagger';
import { CardResponse } from '../common/card.responses';
import { MemberResponse } from '../common/member.responses';

export class EnrolmentResponse {
  @ApiProperty({ type: MemberResponse })
  member!: MemberResponse;

  @ApiProperty({ type: CardResponse })
  card!: CardResponse;
}

export class MemberListResponse {
  @ApiProperty({ type: [MemberResponse] })
  items!: MemberResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as cursor for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}

export class MergedRecordsResponse {
  @ApiProperty()
  cards!: number;

  @ApiProperty({ description: 'Points lots, each with its own expiry.' })
  lots!: number;

  @ApiProperty()
  purchases!: number;

  @ApiProperty()
  tierChanges!: number;

  @ApiProperty({ description: 'Survey answers (one per store and month: the later one stays).' })
  surveyAnswers!: number;
}

export class MemberMergeResponse {
  @ApiProperty({ format: 'uuid', description: 'The audit record of the merge.' })
  mergeId!: string;

  @ApiProperty({ format: 'uuid', description: 'Answers 410 MEMBER_MERGED from now on.' })
  duplicateMemberId!: string;

  @ApiProperty({ type: MemberResponse, description: 'The member who stays.' })
  member!: MemberResponse;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The journal transaction that moved the points; null when there were none.',
  })
  transactionId!: string | null;

  @ApiProperty({ description: 'The duplicate’s balance, now the member’s (negative for a debt).' })
  points!: number;

  @ApiProperty({ type: MergedRecordsResponse })
  moved!: MergedRecordsResponse;
}
