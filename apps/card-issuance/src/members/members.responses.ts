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
